package org.planwatch.importer;

import java.io.PrintWriter;

/**
 * Shows how far a long import has got, on stderr: a bar redrawn in place on a terminal,
 * else (a log file, CI) a line at each tenth, so a redirected run does not fill its log
 * with carriage returns.
 */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintWriter err;

    private final boolean terminal;

    private final int total;

    private int done;

    private int lastTenth;

    ProgressBar(PrintWriter err, boolean terminal, int total) {
        this.err = err;
        this.terminal = terminal;
        this.total = total;
    }

    void advance(int rows) {
        done = Math.min(total, done + rows);
        int percent = total == 0 ? 100 : (int) (100L * done / total);
        if (terminal) {
            int filled = WIDTH * percent / 100;
            err.printf("\r发送 sending [%s%s] %d/%d %3d%%", "#".repeat(filled), ".".repeat(WIDTH - filled), done, total,
                    percent);
            if (done == total) {
                err.println();
            }
        }
        else if (percent / 10 > lastTenth || done == total) {
            lastTenth = percent / 10;
            err.printf("发送 sending: %d/%d (%d%%)%n", done, total, percent);
        }
        err.flush();
    }

}
