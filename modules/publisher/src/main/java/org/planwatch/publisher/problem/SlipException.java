package org.planwatch.publisher.problem;

import org.springframework.http.ProblemDetail;

/** A supervision step refused: its slip is unknown (404) or in a state that does not allow it (409). */
public class SlipException extends RuntimeException {

    private final transient ProblemDetail problem;

    public SlipException(ProblemDetail problem) {
        super(problem.getDetail());
        this.problem = problem;
    }

    public ProblemDetail problem() {
        return problem;
    }
}
