package org.planwatch.aggregator.status;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the status API as {@code application/problem+json}: Spring MVC's own (400 for a
 * malformed parameter, 404, 405, 406) through the base class, anything unexpected as a bare 500,
 * logged here and never shown to the caller.
 */
@RestControllerAdvice
class StatusProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(StatusProblems.class);

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        log.error("Unexpected error", e);
        return ResponseEntity.internalServerError()
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error"));
    }
}
