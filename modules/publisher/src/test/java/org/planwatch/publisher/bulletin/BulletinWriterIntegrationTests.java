package org.planwatch.publisher.bulletin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planwatch.events.TopicProvisioner;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.Bulletin;
import org.planwatch.events.avro.BulletinChanges;
import org.planwatch.events.avro.BulletinState;
import org.planwatch.events.avro.BulletinStep;
import org.planwatch.events.avro.BulletinStepKind;
import org.planwatch.kafkalocal.LocalKafka;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Two publisher instances' bulletin writers on one real broker, each with its own view of
 * the topic, deciding numbers at once: the shared transactional id fences the one that
 * decided on a stale view, so every number is given out once and none is skipped.
 */
class BulletinWriterIntegrationTests {

    static Admin admin;
    static KafkaProperties kafka;

    @BeforeAll
    static void topics() {
        admin = Admin
            .create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalKafka.shared().bootstrapServers()));
        new TopicProvisioner(admin, new Topics.TopicSettings(6, (short) 1, 1)).ensureFixedTopics();
        kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(LocalKafka.shared().bootstrapServers()));
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    @Test
    void twoInstancesNumberingAtOnceNeverGiveOutANumberTwice() throws Exception {
        BulletinLedger firstView = new BulletinLedger(kafka);
        BulletinLedger secondView = new BulletinLedger(kafka);
        firstView.start();
        secondView.start();
        try (BulletinWriter first = new BulletinWriter(firstView, admin, kafka);
                BulletinWriter second = new BulletinWriter(secondView, admin, kafka)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Integer> numbers = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> runs = new ArrayList<>();
            for (BulletinWriter writer : List.of(first, second)) {
                runs.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < 6; i++) {
                        numbers.add(writer.write(ledger -> bulletin(ledger.lastNumber(null) + 1)).getNumber());
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
            pool.shutdown();

            assertThat(numbers).hasSize(12).doesNotHaveDuplicates();
            int lowest = Collections.min(numbers);
            assertThat(numbers)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(lowest, lowest + 12).boxed().toList());
            // Each writer waits only until its own view reads its own write; the other
            // view follows.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(firstView.summary(new BulletinId(null, lowest + 11))).isPresent();
                assertThat(secondView.summary(new BulletinId(null, lowest + 11))).isPresent();
            });
            assertThat(secondView.read(new BulletinId(null, lowest)).orElseThrow().getNumber()).isEqualTo(lowest);
        }
        finally {
            firstView.stop();
            secondView.stop();
        }
    }

    @Test
    void anOperationThatDecidesNothingWritesNothing() {
        BulletinLedger view = new BulletinLedger(kafka);
        view.start();
        try (BulletinWriter writer = new BulletinWriter(view, admin, kafka)) {
            Bulletin written = writer.write(ledger -> bulletin(ledger.lastNumber(null) + 1));
            assertThat(writer.write(ledger -> null)).isNull();
            assertThat(writer.write(ledger -> bulletin(ledger.lastNumber(null) + 1)).getNumber())
                .isEqualTo(written.getNumber() + 1);
        }
        finally {
            view.stop();
        }
    }

    @Test
    void eachPlanNumbersItsOwnBulletinsAndKeepsItsOwnLatestPublished() {
        String a = "numbering-a-" + UUID.randomUUID();
        String b = "numbering-b-" + UUID.randomUUID();
        BulletinLedger view = new BulletinLedger(kafka);
        view.start();
        try (BulletinWriter writer = new BulletinWriter(view, admin, kafka)) {
            Bulletin a1 = writer.write(ledger -> published(bulletin(a, ledger.lastNumber(a) + 1)));
            Bulletin b1 = writer.write(ledger -> bulletin(b, ledger.lastNumber(b) + 1));
            Bulletin a2 = writer.write(ledger -> bulletin(a, ledger.lastNumber(a) + 1));

            assertThat(List.of(a1.getNumber(), b1.getNumber(), a2.getNumber())).containsExactly(1, 1, 2);
            assertThat(view.summary(new BulletinId(a, 2))).get().extracting(BulletinLedger.Summary::plan).isEqualTo(a);
            assertThat(view.read(new BulletinId(b, 1)).orElseThrow().getPlan()).isEqualTo(b);
            assertThat(view.latestPublished(a)).get().extracting(Bulletin::getNumber).isEqualTo(1);
            assertThat(view.latestPublished(b)).as("plan b published nothing").isEmpty();
            assertThat(view.publishedBefore(a, 3)).get().extracting(BulletinLedger.Summary::number).isEqualTo(1);
            assertThat(view.publishedBefore(b, 3)).isEmpty();
            assertThat(view.all()).extracting(s -> s.id().toString()).startsWith(a + ":2", b + ":1", a + ":1");
        }
        finally {
            view.stop();
        }
    }

    private static Bulletin published(Bulletin bulletin) {
        bulletin.setState(BulletinState.PUBLISHED);
        return bulletin;
    }

    static Bulletin bulletin(int number) {
        return bulletin(null, number);
    }

    static Bulletin bulletin(String plan, int number) {
        Instant now = Instant.now();
        return Bulletin.newBuilder()
            .setPlan(plan)
            .setNumber(number)
            .setPeriodFrom(LocalDate.of(2026, 1, 1))
            .setPeriodTo(LocalDate.of(2026, 12, 7))
            .setGeneratedAt(now)
            .setState(BulletinState.DRAFT)
            .setSteps(List.of(new BulletinStep(BulletinStepKind.GENERATED, "test", now, null)))
            .setItems(List.of())
            .setChanges(BulletinChanges.newBuilder().build())
            .build();
    }

}
