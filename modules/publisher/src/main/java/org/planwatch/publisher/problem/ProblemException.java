package org.planwatch.publisher.problem;

import org.springframework.http.ProblemDetail;

/**
 * A request refused with a problem its thrower wrote whole: status, type, detail and
 * properties.
 */
public class ProblemException extends RuntimeException {

    private final transient ProblemDetail problem;

    public ProblemException(ProblemDetail problem) {
        super(problem.getDetail());
        this.problem = problem;
    }

    public ProblemDetail problem() {
        return problem;
    }

}
