package org.planwatch.importer;

/** What the importer's exit status means; docs/departments.md lists the same. */
final class ExitCode {

    /** Every row good, and (unless a dry run) every row acknowledged by the publisher. */
    static final int OK = 0;

    /**
     * The file has bad rows: nothing was sent, or with {@code --skip-invalid} only the
     * good rows.
     */
    static final int INVALID_ROWS = 1;

    /** Wrong options (picocli's own code for a usage error). */
    static final int USAGE = 2;

    /** The publisher refused some rows (400 or 403 each); the others were sent. */
    static final int REJECTED = 3;

    /**
     * Could not finish: the publisher unreachable or busy past the retry budget, or the
     * token refused. What was acknowledged is in the journal; run the same command again
     * to send the rest.
     */
    static final int UNFINISHED = 4;

    private ExitCode() {
    }

}
