package org.planwatch.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.ProducerPerformance;

/** Kafka's own perf tools, run as they ship, their printed figures read back. */
final class PerfTools {

    private PerfTools() {
    }

    /**
     * Records/s of ProducerPerformance with acks=all and idempotence, records of
     * {@code size} bytes.
     */
    static double producer(String bootstrap, String topic, int records, int size) throws Exception {
        String out = captured(() -> ProducerPerformance
            .main(new String[] { "--topic", topic, "--num-records", String.valueOf(records), "--record-size",
                    String.valueOf(size), "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap,
                    "acks=all", "enable.idempotence=true", "linger.ms=5" }));
        // Its total, last: "<n> records sent, <rate> records/sec (<rate> MB/sec), ..."
        Matcher m = Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec").matcher(out);
        double last = Double.NaN;
        while (m.find()) {
            last = Double.parseDouble(m.group(2));
        }
        if (Double.isNaN(last)) {
            throw new IllegalStateException("ProducerPerformance printed no total:\n" + out);
        }
        return last;
    }

    /** Records/s of ConsumerPerformance reading {@code records} records of the topic. */
    static double consumer(String bootstrap, String topic, int records) throws Exception {
        String out = captured(() -> ConsumerPerformance.main(new String[] { "--bootstrap-server", bootstrap, "--topic",
                topic, "--messages", String.valueOf(records), "--timeout", "60000" }));
        // header: start.time, end.time, data.consumed.in.MB, MB.sec,
        // data.consumed.in.nMsg, nMsg.sec, ...
        String[] lines = out.strip().split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].contains("nMsg.sec")) {
                continue;
            }
            String[] names = lines[i].split(",\\s*");
            for (int j = i + 1; j < lines.length; j++) {
                String[] values = lines[j].split(",\\s*");
                if (values.length != names.length || !values[0].matches("\\d{4}-\\d{2}-\\d{2}.*")) {
                    continue; // a log line between the header and the figures
                }
                for (int c = 0; c < names.length; c++) {
                    if (names[c].strip().equals("nMsg.sec")) {
                        return Double.parseDouble(values[c].strip());
                    }
                }
            }
        }
        throw new IllegalStateException("ConsumerPerformance printed no nMsg.sec:\n" + out);
    }

    private interface Run {

        void run() throws Exception;

    }

    private static synchronized String captured(Run run) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            run.run();
        }
        finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

}
