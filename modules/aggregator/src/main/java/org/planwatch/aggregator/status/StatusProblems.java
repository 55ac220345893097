package org.planwatch.aggregator.status;

import java.net.URI;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the status API as {@code application/problem+json}: Spring MVC's own
 * (400 for a malformed parameter, 404, 405, 406) through the base class, anything
 * unexpected as a bare 500, logged here and never shown to the caller.
 */
@RestControllerAdvice
class StatusProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(StatusProblems.class);

    /**
     * A store read while Streams moves partitions (a rebalance: an instance joined or
     * left, a new program topic appeared) cannot be answered now, but will be in a
     * moment: 503, not 500.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> rebalancing(InvalidStateStoreException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The state is moving between instances (rebalance); retry shortly");
        problem.setType(URI.create("/problems/rebalancing"));
        problem.setTitle("Rebalancing");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        log.error("Unexpected error", e);
        return ResponseEntity.internalServerError()
            .body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error"));
    }

}
