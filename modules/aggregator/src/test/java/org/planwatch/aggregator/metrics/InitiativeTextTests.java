package org.planwatch.aggregator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planwatch.aggregator.view.Health;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.aggregator.view.Verdict;
import org.planwatch.aggregator.view.Verdict.Flag;
import org.planwatch.events.avro.DeclaredHealth;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.Kpi;
import org.planwatch.events.avro.KpiReading;
import org.planwatch.events.avro.Measure;
import org.planwatch.events.avro.Milestone;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;

/**
 * The fast text path writes exactly what the Prometheus client writes for the same
 * families: the same samples (names, labels, values) and the same metadata, in both text
 * formats, and Prometheus's own parser accepts it.
 */
class InitiativeTextTests {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)} (\\S+)$");
    static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    final InitiativeView view = new InitiativeView();

    final InitiativeMetrics metrics = new InitiativeMetrics(view, ZONE);

    final InitiativeText text = new InitiativeText(metrics.families());

    InitiativeTextTests() {
        // Every family has samples, and label values need escaping: quotes, backslashes,
        // a newline, Chinese.
        Initiative tricky = Initiative.newBuilder()
            .setId("villa-investment")
            .setName("打好\"洋楼\"招商\\攻坚战\n第二行")
            .setProgram("economy")
            .setDepartment("commerce")
            .setStartDate(LocalDate.of(2026, 1, 1))
            .setDueDate(LocalDate.of(2026, 12, 31))
            .setMeasure(Measure.KPI)
            .setKpis(List.of(Kpi.newBuilder().setId("villas").setName("洋楼").setTarget(90).build(),
                    Kpi.newBuilder().setId("rent").setName("租金").setTarget(1.5e7).build()))
            .setMilestones(List.of(Milestone.newBuilder().setId("m1").setName("方案").build()))
            .setUpdatedAt(Instant.EPOCH)
            .setUpdatedBy("test")
            .setPlan("heping-2026")
            .build();
        InitiativeState state = InitiativeState.newBuilder()
            .setInitiative(tricky)
            .setLastReportAt(Instant.parse("2026-03-01T08:00:00.123Z"))
            .setLastProgressAt(Instant.parse("2026-03-01T08:00:00Z"))
            .setKpis(Map.of("villas", new KpiReading(33.0, Instant.EPOCH, "e1"), "rent",
                    new KpiReading(1234567.891, Instant.EPOCH, "e2")))
            .setMilestonesReached(Map.of("m1", Instant.EPOCH))
            .setDeclaredHealth(DeclaredHealth.ON_TRACK)
            .setEventsCounted(12)
            .build();
        view.put(new TaskId(0, 0),
                new InitiativeSnapshot(state,
                        Verdict.of(0.3666666666666667, 0.16, Health.OFF_TRACK)
                            .with(Flag.STALLED, Flag.FORECAST_LATE, Flag.DIVERGENT)
                            .withForecast(Instant.parse("2027-01-05T00:00:00Z"))));
        Initiative plain = Initiative.newBuilder(tricky)
            .setId("quiet")
            .setName("安静")
            .setKpis(List.of())
            .setMilestones(List.of())
            .setMeasure(Measure.PERCENT)
            .setPlan(null)
            .build();
        view.put(new TaskId(0, 1), new InitiativeSnapshot(InitiativeState.newBuilder().setInitiative(plain).build(),
                Verdict.of(0, Double.NaN, Health.NOT_STARTED)));
    }

    @Test
    void anArchivedPlansInitiativesLeaveBothScrapesAndStayReadable() throws IOException {
        InitiativeSnapshot shown = view.get("villa-investment").orElseThrow();
        String before = new String(text.write(view.scraped(), null, false), StandardCharsets.UTF_8);
        long seriesBefore = samples(before).size();
        Initiative archived = Initiative.newBuilder(shown.state().getInitiative())
            .setClosedAt(Instant.parse("2026-12-31T16:00:00Z"))
            .setArchivedAt(Instant.parse("2027-03-31T16:00:00Z"))
            .build();
        view.put(new TaskId(0, 0), new InitiativeSnapshot(
                InitiativeState.newBuilder(shown.state()).setInitiative(archived).build(), shown.verdict()));

        String after = new String(text.write(view.scraped(), null, false), StandardCharsets.UTF_8);
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(client, metrics.collect(), EscapingScheme.UNDERSCORE_ESCAPING);

        assertThat(samples(after)).as("the text scrape")
            .isEqualTo(samples(client.toString(StandardCharsets.UTF_8)))
            .allSatisfy(sample -> assertThat(sample).doesNotContain("villa-investment"))
            .isNotEmpty()
            .hasSizeLessThan((int) seriesBefore);
        assertThat(view.get("villa-investment")).as("its state stays readable").isPresent();
        assertThat(view.all()).extracting(InitiativeSnapshot::id).contains("villa-investment", "quiet");
    }

    @Test
    void textFormatMatchesThePrometheusClient() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(expected, metrics.collect(), EscapingScheme.UNDERSCORE_ESCAPING);
        String ours = new String(text.write(view.all(), null, false), StandardCharsets.UTF_8);

        assertThat(samples(ours)).isEqualTo(samples(expected.toString(StandardCharsets.UTF_8)))
            .contains(
                    "initiative_health{department=commerce,health=off_track,initiative=villa-investment,"
                            + "program=economy} 1.0",
                    "initiative_kpi_value{department=commerce,initiative=villa-investment,"
                            + "kpi=rent,program=economy} 1234567.891",
                    "initiative_expected_progress_ratio{department=commerce,initiative=quiet,program=economy} NaN")
            .hasSize(30);
        assertThat(metadata(ours)).isEqualTo(metadata(expected.toString(StandardCharsets.UTF_8)));
        // The plan is on the info series of an initiative that has one, and nowhere else
        // (ADR 0011).
        assertThat(ours.lines().filter(l -> l.contains("plan=")).toList()).singleElement()
            .satisfies(l -> assertThat(l).startsWith("initiative_info{")
                .contains("initiative=\"villa-investment\"", "plan=\"heping-2026\""));
    }

    @Test
    void openMetricsMatchesThePrometheusClient() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        OpenMetricsTextFormatWriter.create().write(expected, metrics.collect(), EscapingScheme.UNDERSCORE_ESCAPING);
        String library = expected.toString(StandardCharsets.UTF_8);
        String ours = new String(text.write(view.all(), null, true), StandardCharsets.UTF_8);

        assertThat(samples(ours)).isEqualTo(samples(library));
        assertThat(metadata(ours)).isEqualTo(metadata(library))
            .contains("# TYPE initiative info", "# TYPE initiative_events counter");
    }

    @Test
    void onlyTheNamedFamiliesWhenFiltered() {
        String ours = new String(text.write(view.all(), Set.of("initiative_events"), false), StandardCharsets.UTF_8);

        assertThat(samples(ours)).hasSize(2).allMatch(s -> s.startsWith("initiative_events_total{"));
    }

    @Test
    void aScrapeFilteredToOtherNamesRendersNoInitiative() {
        byte[] head = "process_uptime_seconds 1.0\n".getBytes(StandardCharsets.UTF_8);

        String ours = new String(text.body(() -> {
            throw new AssertionError("the view was walked for a scrape that holds none of it");
        }, Set.of("process_uptime_seconds"), false, head, head.length, new byte[0]).toArray(), StandardCharsets.UTF_8);

        assertThat(ours).isEqualTo("process_uptime_seconds 1.0\n");
        assertThat(view.all()).isNotEmpty().noneMatch(text::isRendered);
        text.write(view.all(), null, false);
        assertThat(view.all()).allMatch(text::isRendered);
    }

    @Test
    void aChangedInitiativeIsWrittenAnewAndAReleasedOneNoMore() {
        text.write(view.all(), null, false); // both initiatives rendered and kept
        InitiativeSnapshot quiet = view.get("quiet").orElseThrow();
        view.put(new TaskId(0, 1), new InitiativeSnapshot(
                InitiativeState.newBuilder(quiet.state()).setEventsCounted(5).build(), quiet.verdict()));

        String changed = new String(text.write(view.all(), null, false), StandardCharsets.UTF_8);
        assertThat(changed)
            .contains("initiative_events_total{initiative=\"quiet\",program=\"economy\",department=\"commerce\"} 5\n")
            .isEqualTo(new String(new InitiativeText(metrics.families()).write(view.all(), null, false),
                    StandardCharsets.UTF_8));

        assertThat(text.kept()).isEqualTo(2);
        view.release(new TaskId(0, 1));
        String released = new String(text.write(view.all(), null, false), StandardCharsets.UTF_8);
        assertThat(text.kept()).as("the released initiative's rendering is dropped").isEqualTo(1);
        assertThat(released).doesNotContain("initiative=\"quiet\"")
            .contains("initiative=\"villa-investment\"")
            .isEqualTo(new String(new InitiativeText(metrics.families()).write(view.all(), null, false),
                    StandardCharsets.UTF_8));
    }

    @Test
    void eachFamilyReadsOnlyThePartOfTheVerdictItDeclares() throws ReflectiveOperationException {
        InitiativeSnapshot villa = view.get("villa-investment").orElseThrow();
        Set<Flag> otherFlags = EnumSet.allOf(Flag.class); // every flag villa's verdict
                                                          // does not raise, none it does
        otherFlags.removeAll(villa.verdict().flags());
        Verdict other = new Verdict(0.9, 0.95, Health.AT_RISK, otherFlags, Instant.parse("2031-01-01T00:00:00Z"));
        var components = Verdict.class.getRecordComponents();
        var constructor = Verdict.class
            .getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new));
        List<String> moved = new ArrayList<>();
        // The verdict with one part taken from the other one, each part in turn.
        for (int changed = 0; changed < components.length; changed++) {
            Object[] values = new Object[components.length];
            for (int c = 0; c < components.length; c++) {
                values[c] = components[c].getAccessor().invoke(c == changed ? other : villa.verdict());
            }
            InitiativeSnapshot rejudged = new InitiativeSnapshot(villa.state(), constructor.newInstance(values));
            for (InitiativeFamilies.Family family : metrics.families()) {
                boolean declaredSame = !family.judged() || Objects.equals(family.reads().apply(villa.verdict()),
                        family.reads().apply(rejudged.verdict()));
                List<String> before = samplesOf(family, villa);
                List<String> after = samplesOf(family, rejudged);
                if (declaredSame) {
                    assertThat(after)
                        .as(family.name() + " must not change with " + components[changed].getName()
                                + ", which it does not declare it reads")
                        .isEqualTo(before);
                }
                else if (!after.equals(before)) {
                    moved.add(family.name());
                }
            }
        }
        assertThat(moved).as("every part differs in the other verdict, so the test can tell")
            .contains("initiative_progress_ratio", "initiative_expected_progress_ratio", "initiative_health",
                    "initiative_stalled", "initiative_silent", "initiative_forecast_completion_timestamp_seconds",
                    "initiative_forecast_late", "initiative_health_divergence");
    }

    @Test
    void aNewVerdictOnTheSameStateIsWrittenAsAFreshRenderingWould() {
        text.write(view.all(), null, false); // both kept
        InitiativeSnapshot villa = view.get("villa-investment").orElseThrow();
        view.put(new TaskId(0, 0),
                new InitiativeSnapshot(villa.state(), Verdict.of(0.9, 0.95, Health.AT_RISK).with(Flag.SILENT)));

        String rejudged = new String(text.write(view.all(), null, false), StandardCharsets.UTF_8);

        assertThat(rejudged)
            .isEqualTo(new String(new InitiativeText(metrics.families()).write(view.all(), null, false),
                    StandardCharsets.UTF_8))
            .contains("initiative_health{initiative=\"villa-investment\",program=\"economy\","
                    + "department=\"commerce\",health=\"at_risk\"} 1\n");
    }

    /**
     * Pass after pass on the same state, each moving other parts of the verdict: each
     * rendering starts from the one before (the lines of the last full rendering and the
     * families patched since), and each is what a fresh rendering writes.
     */
    @Test
    void passAfterPassOnTheSameStateIsWrittenAsAFreshRenderingWould() {
        text.write(view.all(), null, false);
        InitiativeSnapshot villa = view.get("villa-investment").orElseThrow();
        List<Verdict> passes = List.of(
                Verdict.of(0.3666666666666667, 0.2, Health.OFF_TRACK)
                    .with(Flag.STALLED, Flag.FORECAST_LATE, Flag.DIVERGENT)
                    .withForecast(Instant.parse("2027-01-05T00:00:00Z")),
                Verdict.of(0.3666666666666667, 0.25, Health.AT_RISK)
                    .with(Flag.STALLED, Flag.FORECAST_LATE, Flag.DIVERGENT)
                    .withForecast(Instant.parse("2027-01-05T00:00:00Z")),
                Verdict.of(0.4, 0.3, Health.AT_RISK).with(Flag.SILENT, Flag.DIVERGENT),
                Verdict.of(0.3666666666666667, 0.3, Health.ON_TRACK)
                    .withForecast(Instant.parse("2026-12-01T00:00:00Z")));
        for (Verdict verdict : passes) {
            view.put(new TaskId(0, 0), new InitiativeSnapshot(villa.state(), verdict));

            assertThat(new String(text.write(view.all(), null, false), StandardCharsets.UTF_8)).as("after %s", verdict)
                .isEqualTo(new String(new InitiativeText(metrics.families()).write(view.all(), null, false),
                        StandardCharsets.UTF_8));
        }
    }

    /**
     * A walk looks for each rendering where the last walk left it: where another
     * initiative's or an older snapshot's is there (the order changed, one came or went),
     * it finds its own.
     */
    @Test
    void aWalkInAnotherOrderWritesWhatAFreshRenderingWould() {
        text.write(view.all(), null, false);
        List<InitiativeSnapshot> reversed = new ArrayList<>(view.all());
        Collections.reverse(reversed);

        assertThat(new String(text.write(reversed, null, false), StandardCharsets.UTF_8)).isEqualTo(new String(
                new InitiativeText(metrics.families()).write(reversed, null, false), StandardCharsets.UTF_8));
        assertThat(new String(text.write(reversed.subList(1, 2), null, false), StandardCharsets.UTF_8))
            .as("one initiative fewer, and the other at another place")
            .isEqualTo(new String(new InitiativeText(metrics.families()).write(reversed.subList(1, 2), null, false),
                    StandardCharsets.UTF_8));
    }

    /**
     * Two texts over the same snapshots keep renderings of their own: each uses only what
     * it made. Another, writing other families, writes its own.
     */
    @Test
    void aRenderingServesOnlyTheTextThatMadeIt() {
        List<InitiativeFamilies.Family> others = metrics.families().subList(3, 6);
        text.write(view.all(), null, false); // every snapshot now rendered by this text
        InitiativeText otherText = new InitiativeText(others);
        String theirs = new String(otherText.write(view.all(), null, false), StandardCharsets.UTF_8);

        Set<String> names = new TreeSet<>();
        others.forEach(f -> names.add(f.sampleName()));
        assertThat(samples(theirs)).isNotEmpty().allMatch(s -> names.contains(s.substring(0, s.indexOf('{'))));
        assertThat(view.all()).allMatch(s -> text.isRendered(s) && otherText.isRendered(s));
        assertThat(new String(text.write(view.all(), null, false), StandardCharsets.UTF_8))
            .as("the first text, the same snapshots rendered by another since, writes what it wrote")
            .isEqualTo(new String(new InitiativeText(metrics.families()).write(view.all(), null, false),
                    StandardCharsets.UTF_8));
    }

    @Test
    void anEvaluationPassIsRenderedAheadOfTheNextScrape() {
        List<Runnable> handedOver = new ArrayList<>();
        InitiativeScrape scrape = InitiativeScrape.of(view, metrics.families(), handedOver::add);
        InitiativeScrapeEndpoint endpoint = new InitiativeScrapeEndpoint(new PrometheusRegistry(), new Properties(),
                scrape, metrics);
        endpoint.scrape(PrometheusOutputFormat.CONTENT_TYPE_004, null);
        InitiativeSnapshot villa = view.get("villa-investment").orElseThrow();
        InitiativeSnapshot rejudged = new InitiativeSnapshot(villa.state(),
                Verdict.of(0.9, 0.95, Health.AT_RISK).with(Flag.SILENT));
        view.put(new TaskId(0, 0), rejudged);
        InitiativeSnapshot quiet = view.get("quiet").orElseThrow();
        InitiativeSnapshot unscraped = new InitiativeSnapshot(InitiativeState.newBuilder(quiet.state())
            .setInitiative(Initiative.newBuilder(quiet.state().getInitiative()).setId("new-since").build())
            .build(), quiet.verdict());
        view.put(new TaskId(0, 1), unscraped);
        assertThat(scrape.isRendered(villa)).as("rendered by the scrape").isTrue();
        assertThat(scrape.isRendered(rejudged)).isFalse();

        view.evaluated(); // a task's pass is over
        view.evaluated(); // another's, before the renderer got to the first
        assertThat(handedOver).as("on the stream thread only a hand-over, one while one is queued").hasSize(1);
        assertThat(scrape.isRendered(rejudged)).isFalse();
        handedOver.get(0).run(); // the renderer's thread

        assertThat(scrape.isRendered(rejudged)).as("rendered before any scrape").isTrue();
        assertThat(scrape.isRendered(view.get("quiet").orElseThrow())).isTrue();
        assertThat(scrape.isRendered(unscraped)).as("never scraped: left to the scrape, no rendering kept ahead of it")
            .isFalse();
        view.evaluated();
        assertThat(handedOver).as("a pass after that one is handed over again").hasSize(2);
    }

    private static List<String> samplesOf(InitiativeFamilies.Family family, InitiativeSnapshot snapshot) {
        List<String> samples = new ArrayList<>();
        family.samples().of(snapshot, (extra, value) -> samples.add(extra + "=" + value));
        return samples;
    }

    @Test
    void betweenWhatElseTheScrapeHoldsAndReadInAnyPieces() throws IOException {
        byte[] head = "# HELP up x\nup 1\n# EOF\n".getBytes(StandardCharsets.UTF_8);
        ScrapeBody body = text.body(view::all, Set.of("initiative_events"), true, head, head.length - 6,
                "# EOF\n".getBytes(StandardCharsets.UTF_8));

        byte[] whole = body.toArray();
        String all = new String(whole, StandardCharsets.UTF_8);
        assertThat(all).startsWith("# HELP up x\nup 1\n# TYPE initiative_events counter\n").endsWith("} 12\n# EOF\n");
        assertThat((long) whole.length).isEqualTo(body.size());
        assertThat(samples(all.substring(head.length - 6, all.length() - 6))).hasSize(2);

        // As Spring streams it: reads of a few bytes at a time that end inside and across
        // segments.
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        try (InputStream in = body.open()) {
            byte[] buffer = new byte[7];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                pieces.write(buffer, 0, n);
            }
        }
        assertThat(pieces.toByteArray()).isEqualTo(whole);
        assertThat(text.body(view::all, null, false, head, 0, new byte[0]).open().readAllBytes())
            .isEqualTo(text.write(view.all(), null, false));
    }

    @Test
    void aBodyLongerThanAChunkIsReadWholeAndItsChunksServeTheNextScrape() throws IOException {
        // A head of two and a half chunks: the families start inside the third and a
        // sample may straddle two.
        byte[] head = new byte[ChunkPool.CHUNK * 5 / 2 - 7];
        Arrays.fill(head, (byte) '#');
        byte[] expected = concat(head, text.write(view.all(), null, false));

        ScrapeBody first = text.body(view::all, null, false, head, head.length, new byte[0]);
        assertThat(first.size()).isEqualTo(expected.length);
        int before = text.freeChunks();
        InputStream in = first.open();
        assertThat(readInPieces(in)).isEqualTo(expected);
        in.close();
        assertThat(text.freeChunks()).as("its three chunks given back").isEqualTo(Math.max(before, 3));
        in.close();
        assertThat(text.freeChunks()).as("given back once").isEqualTo(Math.max(before, 3));
        assertThatThrownBy(() -> in.read(new byte[8])).isInstanceOf(IOException.class);

        // Opened again (Spring MVC does, for a range that starts before the last one
        // ended): the same bytes; two streams at once read apart, each from chunks of its
        // own; a skip moves without copying.
        try (InputStream a = first.open(); InputStream b = first.open()) {
            assertThat(b.skip(head.length)).isEqualTo(head.length);
            ByteArrayOutputStream fromA = new ByteArrayOutputStream();
            ByteArrayOutputStream fromB = new ByteArrayOutputStream();
            byte[] buffer = new byte[100_003];
            int n;
            do {
                n = a.read(buffer);
                if (n > 0) {
                    fromA.write(buffer, 0, n);
                }
                int m = b.read(buffer, 0, 777);
                if (m > 0) {
                    fromB.write(buffer, 0, m);
                }
            }
            while (n >= 0);
            b.transferTo(fromB);
            assertThat(fromA.toByteArray()).isEqualTo(expected);
            assertThat(fromB.toByteArray()).isEqualTo(Arrays.copyOfRange(expected, head.length, expected.length));
        }

        // The next body is laid out in those chunks, over what the first left in them.
        byte[] other = new byte[1000];
        Arrays.fill(other, (byte) '!');
        ScrapeBody second = text.body(view::all, Set.of("initiative_events"), true, other, other.length,
                "# EOF\n".getBytes(StandardCharsets.UTF_8));
        int free = text.freeChunks();
        try (InputStream next = second.open()) {
            assertThat(text.freeChunks()).as("one chunk taken from those given back").isEqualTo(free - 1);
            byte[] all = next.readAllBytes();
            assertThat(all).isEqualTo(concat(concat(other, text.write(view.all(), Set.of("initiative_events"), true)),
                    "# EOF\n".getBytes(StandardCharsets.UTF_8)));
            assertThat((long) all.length).isEqualTo(second.size());
            assertThat(new String(all, StandardCharsets.UTF_8)).contains("# TYPE initiative_events counter\n");
        }
    }

    private static byte[] readInPieces(InputStream in) throws IOException {
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        byte[] buffer = new byte[8191];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            pieces.write(buffer, 0, n);
        }
        return pieces.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void prometheusParsesIt(@TempDir Path dir) throws Exception {
        boolean present = List.of(System.getenv().getOrDefault("PATH", "").split(":"))
            .stream()
            .anyMatch(d -> Files.isExecutable(Path.of(d, "promtool")));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(
                    "promtool is not installed, but CI must run this check (.ci/run installs it)");
        }
        assumeTrue(present, "promtool is not installed (apt-get install prometheus)");
        Path file = Files.write(dir.resolve("scrape.txt"), text.write(view.all(), null, false));
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
            .redirectErrorStream(true)
            .start();
        assertThat(promtool.waitFor(1, TimeUnit.MINUTES)).isTrue();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // Lint remarks (e.g. about info-style names) are allowed; a parse error exits 3
        // with "error while linting".
        assertThat(output).doesNotContain("error while linting");
        assertThat(promtool.exitValue()).as(output).isIn(0, 3);
    }

    /**
     * Each sample as name{sorted, unescaped labels} value, the value normalized to a Java
     * double.
     */
    static Set<String> samples(String exposition) {
        Set<String> samples = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            assertThat(m.matches()).as(line).isTrue();
            Map<String, String> labels = new TreeMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            samples.add(m.group(1) + labels.toString().replace(", ", ",").replace('{', '{') + " "
                    + Double.parseDouble(m.group(3).replace("+Inf", "Infinity")));
        }
        return samples;
    }

    static Set<String> metadata(String exposition) {
        Set<String> lines = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# HELP") || line.startsWith("# TYPE")) {
                lines.add(line);
            }
        }
        return lines;
    }

}
