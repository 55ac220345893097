package org.planwatch.publisher.problem;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

import org.planwatch.publisher.PublisherProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Every error as {@code application/problem+json}; never a stack trace. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private final PublisherProperties properties;

    ApiExceptionHandler(PublisherProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
        return ResponseEntity.badRequest().body(Problems.invalid(e.problems()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unknown(UnknownInitiativeException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.unknownInitiative(e.initiativeId()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(ProblemException e) {
        return ResponseEntity.status(e.problem().getStatus()).body(e.problem());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(KafkaUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, String.valueOf(properties.retryAfter().toSeconds()))
            .body(Problems.unavailable(e.getMessage(), e.eventId()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        logger.error("Unexpected error", e);
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error");
        return ResponseEntity.internalServerError().body(detail);
    }

    /**
     * Malformed JSON or a value of the wrong type: name the field, as for any other
     * invalid input.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimit.TooLargeException tooLarge) {
                ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                        tooLarge.getMessage());
                detail.setType(URI.create("/problems/body-too-large"));
                detail.setTitle("Request body too large");
                detail.setProperty("field", "body");
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(detail);
            }
        }
        String field = "body";
        String message = "is not valid JSON";
        Throwable cause = ex.getCause();
        if (cause instanceof JacksonException jackson) {
            List<JacksonException.Reference> path = jackson.getPath();
            if (!path.isEmpty()) {
                field = path.stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
                message = cause instanceof UnrecognizedPropertyException
                        ? "is not a field of this request (fields the server sets, such as department or"
                                + " receivedAt, cannot be sent)"
                        : "has a value of the wrong type or format";
            }
        }
        return ResponseEntity.badRequest().body(Problems.invalid(List.of(new FieldProblem(field, message))));
    }

}
