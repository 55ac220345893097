package org.planwatch.publisher.problem;

import org.springframework.http.ProblemDetail;

/**
 * A supervision step refused: its slip is unknown (404) or in a state that does not allow
 * it (409).
 */
public class SlipException extends ProblemException {

    public SlipException(ProblemDetail problem) {
        super(problem);
    }

}
