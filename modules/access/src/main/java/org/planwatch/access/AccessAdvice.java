package org.planwatch.access;

import java.net.URI;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * 403 as problem details; ordered first, so a service's catch-all handler never turns it
 * into a 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AccessAdvice {

    @ExceptionHandler
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        detail.setType(URI.create("/problems/forbidden"));
        detail.setTitle("Forbidden");
        if (e.field() != null) {
            detail.setProperty("field", e.field());
        }
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(detail);
    }

}
