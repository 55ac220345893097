package org.planwatch.bench;

import static org.planwatch.bench.Rig.fmt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.planwatch.bench.Table.Row;
import org.planwatch.events.TopicProvisioner;
import org.planwatch.kafkalocal.LocalKafka;
import picocli.CommandLine;

/**
 * The benchmark harness: in one run on one machine, against one broker it starts itself,
 * Kafka's own limits (ProducerPerformance, ConsumerPerformance) and the Pushgateway as
 * the peer, then ours, each beside its reference as a ratio. Each {@link Run} adds its
 * own rows and goals; this class starts the broker, measures the limits, runs the parts
 * asked for and writes the table.
 *
 * <p>
 * Run: {@code ./bench} (the full configuration, writes {@code BENCHMARKS.md}),
 * {@code ./bench
 * --quick} (the smoke configuration CI runs); {@code ./bench --help} lists the options
 * and parts.
 */
public final class Bench {

    /**
     * The parts after the limits, in the order they run: later ones grow the catalog
     * earlier ones left.
     */
    static final List<Run> RUNS = List.of(new HttpRun(), new EndToEndRun(), new AggregationRun(), new ScrapeRun(),
            new ShuffledRun(), new ArchiveRun());

    private final Options options;

    private final Table table = new Table();

    Bench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        int exit = BenchCommand.commandLine().execute(args);
        // Kafka's tools and clients may leave non-daemon threads behind.
        System.exit(exit);
    }

    /**
     * Runs the configuration the arguments name, as {@code main} does; returns the
     * table's markdown.
     */
    static String run(String[] args) throws Exception {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs(args);
        return command.measure();
    }

    String measure() throws Exception {
        String machine = Table.machine();
        System.out.println(machine);
        try (LocalKafka kafka = LocalKafka.start(options.workDir().resolve("kafka"), 0, 0);
                Admin admin = Admin
                    .create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            String bootstrap = kafka.bootstrapServers();
            TopicProvisioner provisioner = new TopicProvisioner(admin, Rig.TOPICS);
            provisioner.ensureFixedTopics();
            provisioner.ensureProgramTopic(Fill.PROGRAM);
            admin.createTopics(List.of(new NewTopic("bench.raw", 6, (short) 1))).all().get();
            Rig.Limits limits = limits(bootstrap);
            try (Fill fill = new Fill(bootstrap)) {
                fill.catalog(0, 100);
                Rig rig = new Rig(options, bootstrap, admin, fill, limits, 100);
                for (Run run : RUNS) {
                    if (run.selected(options)) {
                        run.measure(rig, table);
                    }
                }
            }
        }
        String md = table.markdown("# Benchmarks\n\nWritten by `./bench` (`modules/bench`) on "
                + LocalDateTime.now(ZoneOffset.UTC).withNano(0)
                + " UTC. Every figure below comes from this one run on this one machine; "
                + "the ratios compare figures of the same run.", machine);
        if (options.out() != null) {
            String notes = options.out().toFile().exists() ? Files.readString(options.out()) : "";
            int keep = notes.indexOf("\n## ");
            Files.writeString(options.out(), md + (keep >= 0 ? notes.substring(keep) : ""));
            System.out.println("Written to " + options.out());
        }
        return md;
    }

    /**
     * Kafka's producer and consumer perf tools over records of a progress event's size:
     * what the ratios compare with.
     */
    private Rig.Limits limits(String bootstrap) throws Exception {
        int eventSize = Fill.EVENTS
            .encode(Fill.event("00000000-0000-0000-0000-000000000000", Fill.id(1234), 42, Instant.now())).length;
        table.note("A progress event is " + eventSize
                + " bytes of Avro (single-object encoding); the perf tools send records of that size.");
        double producer = PerfTools.producer(bootstrap, "bench.raw", options.rawRecords(), eventSize);
        double consumer = PerfTools.consumer(bootstrap, "bench.raw", options.rawRecords());
        table.add(Row.of("Kafka ProducerPerformance (acks=all, idempotent), records/s", fmt(producer))
            .reference("(the limit)"));
        table.add(Row.of("Kafka ConsumerPerformance, records/s", fmt(consumer)).reference("(the limit)"));
        return new Rig.Limits(producer, consumer);
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

}
