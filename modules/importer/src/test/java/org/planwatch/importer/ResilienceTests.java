package org.planwatch.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a scripted publisher: waiting out 429 and 503 by {@code Retry-After}, retrying
 * failed items with the same eventIds, stopping cleanly when the publisher is gone, and
 * resuming from the journal. Waits are recorded, not slept.
 */
class ResilienceTests {

    static final String CATALOG = """
            [{"id":"premium-buildings","kpis":[],"milestones":[]},\
            {"id":"villa-investment-campaign","kpis":[{"id":"villas"}],"milestones":[]}]
            """;
    static final String CSV = """
            事项编号,日期,完成百分比,填报人
            premium-buildings,2026-03-31,10,王
            premium-buildings,2026-04-30,20,王
            premium-buildings,2026-05-31,30,王
            premium-buildings,2026-06-30,40,王
            premium-buildings,2026-07-31,50,王
            """;

    @TempDir
    Path dir;

    Path file() {
        return Cli.write(dir, "进度.csv", CSV.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBusyPublisherIsWaitedOutAndFailedItemsAreSentAgainWithTheSameEventIds() throws Exception {
        List<Duration> waits = new ArrayList<>();
        try (FakePublisher publisher = new FakePublisher().catalog(CATALOG)
            .answers(FakePublisher.busy(429, "7"), FakePublisher.items(202, 503, 202), FakePublisher.acceptAll())) {
            Cli.Result result = Cli.run(Cli.environment(Map.of("PLANWATCH_TOKEN", "pw_dept"), waits), "progress",
                    file().toString(), "--url", publisher.url(), "--batch-size", "3");

            assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
            assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(1));
            assertThat(result.err()).contains("publisher busy: 429; retrying in 7 s");
            List<FakePublisher.Received> batches = publisher.batches();
            assertThat(batches).extracting(b -> b.events().size()).containsExactly(3, 3, 1, 2);
            assertThat(batches.get(0).body()).as("a 429'd request is sent again as it was")
                .isEqualTo(batches.get(1).body());
            assertThat(batches.get(2).events().get(0).get("eventId")).as("the failed item, with its eventId")
                .isEqualTo(batches.get(1).events().get(1).get("eventId"));
            assertThat(batches).allSatisfy(b -> assertThat(b.authorization()).isEqualTo("Bearer pw_dept"));
            assertThat(result.out())
                .contains("(done: sent 5, duplicates (already sent) 0, rejected 0, invalid (skipped) 0, unsent 0)");
        }
    }

    @Test
    void aRunThatLostThePublisherStopsUnfinishedAndTheNextRunResumesFromTheJournal() throws Exception {
        Path journal = dir.resolve("journal.sent");
        List<String> firstIds;
        try (FakePublisher publisher = new FakePublisher().catalog(CATALOG)
            .answers(FakePublisher.acceptAll(), FakePublisher.busy(503, "2"))) {
            List<Duration> waits = new ArrayList<>();
            Cli.Result result = Cli.run(Cli.environment(Map.of(), waits), "progress", file().toString(), "--url",
                    publisher.url(), "--token", "pw_dept", "--batch-size", "2", "--journal", journal.toString());

            assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCode.UNFINISHED);
            assertThat(waits).hasSize(PublisherClient.ATTEMPTS - 1).containsOnly(Duration.ofSeconds(2));
            assertThat(result.out()).contains("sent 2,", "unsent 3)", "run the same command again later");
            firstIds = publisher.batches().get(0).events().stream().map(e -> (String) e.get("eventId")).toList();
            assertThat(Files.readAllLines(journal)).containsExactlyElementsOf(firstIds);
        }
        try (FakePublisher publisher = new FakePublisher().catalog(CATALOG).answers(FakePublisher.acceptAll())) {
            Cli.Result result = Cli.run(Cli.environment(), "progress", file().toString(), "--url", publisher.url(),
                    "--token", "pw_dept", "--journal", journal.toString());

            assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
            assertThat(result.out()).contains("sent 3, duplicates (already sent) 2,");
            assertThat(publisher.batches()).singleElement()
                .satisfies(b -> assertThat(b.events()).extracting(e -> e.get("eventId"))
                    .doesNotContainAnyElementsOf(firstIds)
                    .hasSize(3));
            assertThat(Files.readAllLines(journal)).hasSize(5);
        }
    }

    @Test
    void aPublisherThatCannotBeReachedStopsUnfinishedAfterItsRetries() throws Exception {
        String url;
        try (FakePublisher gone = new FakePublisher()) {
            url = gone.url();
        }
        List<Duration> waits = new ArrayList<>();
        Cli.Result result = Cli.run(Cli.environment(Map.of(), waits), "progress", file().toString(), "--url", url,
                "--token", "pw_dept", "--no-catalog-check");

        assertThat(result.exitCode()).isEqualTo(ExitCode.UNFINISHED);
        assertThat(waits).hasSize(PublisherClient.ATTEMPTS - 1)
            .startsWith(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(result.err()).contains("cannot reach the publisher");
        assertThat(result.out()).contains("unsent 5)");
    }

    @Test
    void itemsThePublisherRefusesAreReportedByRowAndColumnAndTheRestIsSent() throws Exception {
        try (FakePublisher publisher = new FakePublisher().catalog(CATALOG)
            .answers(FakePublisher.items(202, 400, 202, 403))) {
            Cli.Result result = Cli.run(Cli.environment(), "progress", file().toString(), "--url", publisher.url(),
                    "--token", "pw_dept");

            assertThat(result.exitCode()).isEqualTo(ExitCode.REJECTED);
            assertThat(result.out()).contains(
                    "第 3 行 (row 3) [指标:villas]: 服务器拒绝 (server 400: kpis.villas is not a KPI of this"
                            + " initiative [shops])",
                    "第 5 行 (row 5) [事项编号]: 无权为此事项报送", "(done: sent 3, duplicates (already sent) 0, rejected 2,");
        }
    }

    @Test
    void withoutATokenOrAFileNothingIsTried() throws Exception {
        try (FakePublisher publisher = new FakePublisher()) {
            Cli.Result noToken = Cli.run(Cli.environment(), "progress", file().toString(), "--url", publisher.url());
            Cli.Result noFile = Cli.run(Cli.environment(), "progress", dir.resolve("none.csv").toString(), "--dry-run");
            Cli.Result badBatch = Cli.run(Cli.environment(), "progress", file().toString(), "--dry-run", "--batch-size",
                    "5000");

            assertThat(noToken.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(noToken.err()).contains("a token is required: --token or PLANWATCH_TOKEN");
            assertThat(noFile.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(noFile.err()).contains("cannot read the file: NoSuchFileException");
            assertThat(badBatch.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(publisher.batches()).isEmpty();
        }
    }

    @Test
    void aRefusedTokenStopsBeforeAnythingIsSent() throws Exception {
        try (FakePublisher publisher = new FakePublisher().catalog(401,
                "{\"status\":401,\"detail\":\"Unknown or revoked token\"}")) {
            Cli.Result result = Cli.run(Cli.environment(), "progress", file().toString(), "--url", publisher.url(),
                    "--token", "pw_revoked");

            assertThat(result.exitCode()).isEqualTo(ExitCode.UNFINISHED);
            assertThat(result.err()).contains("令牌无效或已吊销 (the token was refused: 401 Unknown or revoked token)");
            assertThat(publisher.batches()).isEmpty();
        }
    }

}
