package org.planwatch.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class ProgressBarTests {

    @Test
    void onATerminalTheBarIsRedrawnInPlace() {
        StringWriter err = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(err), true, 1000);
        bar.advance(500);
        bar.advance(500);
        assertThat(err.toString()).isEqualTo("\r发送 sending [###############...............] 500/1000  50%"
                + "\r发送 sending [##############################] 1000/1000 100%" + System.lineSeparator());
    }

    @Test
    void elsewhereALineAtEachTenthKeepsALogReadable() {
        StringWriter err = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(err), false, 1000);
        for (int i = 0; i < 40; i++) {
            bar.advance(25);
        }
        assertThat(err.toString().lines()).hasSize(10)
            .startsWith("发送 sending: 100/1000 (10%)")
            .endsWith("发送 sending: 1000/1000 (100%)");
    }

}
