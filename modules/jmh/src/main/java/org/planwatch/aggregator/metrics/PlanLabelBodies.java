package org.planwatch.aggregator.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import org.apache.kafka.streams.processor.TaskId;
import org.planwatch.aggregator.AggregatorProperties;
import org.planwatch.aggregator.topology.Evaluator;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.jmh.Plans;

/**
 * The per-initiative scrape body of {@code n} initiatives three ways, for the choice of
 * where a plan's id goes (ADR 0011): as written today (initiative, program and department
 * on every sample); with a {@code plan} label added to every sample; and the info-metric
 * pattern, where every sample carries only {@code initiative} and {@code initiative_info}
 * carries program, department and plan. Prints each body's size, plain and gzipped (what
 * Prometheus asks for).
 *
 * <pre>
 * java -Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.planwatch.events.avro \
 *     -cp modules/jmh/target/benchmarks.jar org.planwatch.aggregator.metrics.PlanLabelBodies 10000
 * </pre>
 */
public final class PlanLabelBodies {

    private static final Pattern DEPARTMENT = Pattern.compile("(,department=\"[^\"]*\")");

    private static final Pattern PROGRAM_AND_DEPARTMENT = Pattern.compile(",program=\"[^\"]*\",department=\"[^\"]*\"");

    private PlanLabelBodies() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String plan = "heping-2019";
        String today = body(n);
        StringBuilder labelled = new StringBuilder(today.length() * 11 / 10);
        StringBuilder info = new StringBuilder(today.length());
        long samples = 0;
        for (String line : today.split("\n")) {
            if (line.startsWith("#") || !line.contains("initiative=\"")) {
                labelled.append(line).append('\n');
                info.append(line).append('\n');
                continue;
            }
            samples++;
            labelled.append(DEPARTMENT.matcher(line).replaceFirst("$1,plan=\"" + plan + "\"")).append('\n');
            if (line.startsWith("initiative_info{")) {
                info.append(DEPARTMENT.matcher(line).replaceFirst("$1,plan=\"" + plan + "\"")).append('\n');
            }
            else {
                info.append(PROGRAM_AND_DEPARTMENT.matcher(line).replaceFirst("")).append('\n');
            }
        }
        System.out.printf("%d initiatives, %d samples%n", n, samples);
        print("today (initiative, program, department on every sample)", today);
        print("plan label on every sample", labelled.toString());
        print("info pattern (initiative only; program, department, plan on initiative_info)", info.toString());
    }

    static String body(int n) throws IOException {
        InitiativeView view = new InitiativeView();
        Evaluator evaluator = new Evaluator(AggregatorProperties.Rules.defaults());
        for (int i = 0; i < n; i++) {
            Initiative initiative = Plans.initiative(i);
            InitiativeState state = Plans.folded(initiative, i);
            view.put(new TaskId(0, i % 6), new InitiativeSnapshot(state, evaluator.evaluate(state, Plans.NOW)));
        }
        InitiativeText text = new InitiativeText(new InitiativeMetrics(view, Plans.ZONE).families());
        try (InputStream in = text.body(view::all, null, false, new byte[0], 0, new byte[0]).open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void print(String what, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(bytes);
        }
        System.out.printf("%-80s %,12d bytes, %,10d gzipped%n", what, bytes.length, zipped.size());
    }

}
