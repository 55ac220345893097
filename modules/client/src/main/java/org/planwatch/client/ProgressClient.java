package org.planwatch.client;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Reports progress to the publisher over HTTP with a department token, and retries until
 * the report is accepted or the {@link RetryPolicy} is spent.
 *
 * <pre>{@code
 * try (ProgressClient client = ProgressClient.builder(URI.create("https://planwatch.example.gov"), token).build()) {
 *     Report report = Report.builder("villa-investment-campaign").businessKey("2026-06")
 *             .kpi("villas-one-policy", 36).reportedBy("商务局 招商系统").build();
 *     String eventId = client.send(report);
 * }
 * }</pre>
 *
 * <p>
 * Retried: no answer (connection refused or reset, time-outs), 408, 429 and every 5xx,
 * waiting what {@code Retry-After} says when the answer has one. Every retry carries the
 * report's one eventId, so a report the publisher accepted but whose answer was lost is
 * counted once. Not retried: any other answer, surfaced as
 * {@link ReportRejectedException} with the publisher's problem details. Redirects are not
 * followed: the JDK's client would send the token to wherever the redirect points (it
 * re-sends {@code Authorization} even to another host).
 *
 * <p>
 * Thread-safe: one instance per publisher and token, shared by all threads.
 */
public final class ProgressClient implements AutoCloseable {

    /** The publisher's default {@code planwatch.publisher.max-batch-size}. */
    public static final int MAX_BATCH = 1000;

    private final PublisherHttp http;

    private final RetryPolicy retry;

    private final int batchSize;

    private volatile boolean closed;

    private ProgressClient(Builder builder) {
        this.http = new PublisherHttp(builder.publisher, builder.token, builder.connectTimeout, builder.requestTimeout);
        this.retry = builder.retry;
        this.batchSize = builder.batchSize;
    }

    /**
     * @param publisher the publisher's base address, e.g. {@code http://127.0.0.1:8080}
     * @param token a department token (only departments report)
     */
    public static Builder builder(URI publisher, String token) {
        return new Builder(publisher, token);
    }

    /**
     * Sends one report ({@code POST /api/v1/initiatives/{id}/events}) and returns once
     * Kafka has acknowledged it.
     * @return the report's eventId
     * @throws ReportRejectedException refused as it is (not retried)
     * @throws ReportNotDeliveredException no acceptance within the retry policy: send the
     * same report again later
     */
    public String send(Report report) throws ReportNotDeliveredException {
        requireOpen();
        String path = "/api/v1/initiatives/" + PublisherHttp.pathSegment(report.initiativeId()) + "/events";
        HttpResponse<String> answer = http.post(new RetryLoop(retry, ThreadLocalRandom.current()::nextDouble), path,
                ReportJson.single(report), report.eventId());
        if (answer.statusCode() / 100 == 2) {
            return report.eventId();
        }
        throw new ReportRejectedException(report.eventId(), PublisherHttp.problem(answer));
    }

    /**
     * Sends reports through the batch API ({@code POST /api/v1/events}), up to
     * {@link #MAX_BATCH} a request, and retries the items the publisher could not get
     * acknowledged (503), with their eventIds. Never throws for a report that failed:
     * each item says what became of it.
     */
    public BatchResult sendAll(List<Report> reports) {
        requireOpen();
        BatchResult.Item[] items = new BatchResult.Item[reports.size()];
        for (int from = 0; from < reports.size(); from += batchSize) {
            sendChunk(reports, IntStream.range(from, Math.min(from + batchSize, reports.size())).boxed().toList(),
                    items);
        }
        return new BatchResult(List.of(items));
    }

    private void sendChunk(List<Report> reports, List<Integer> chunk, BatchResult.Item[] items) {
        RetryLoop loop = new RetryLoop(retry, ThreadLocalRandom.current()::nextDouble);
        List<Integer> pending = chunk;
        try {
            while (!pending.isEmpty()) {
                List<Report> sending = pending.stream().map(reports::get).toList();
                HttpResponse<String> answer = http.post(loop, "/api/v1/events", ReportJson.batch(sending),
                        sending.get(0).eventId() + " (batch of " + sending.size() + ")");
                pending = record(reports, pending, answer, items);
                if (!pending.isEmpty() && !loop.pause(Optional.empty())) {
                    return;
                }
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (ReportNotDeliveredException e) {
            for (int i : pending) {
                Problem last = e.lastProblem();
                items[i] = new BatchResult.Item(reports.get(i), BatchResult.Outcome.NOT_DELIVERED,
                        last == null ? 0 : last.status(), last);
            }
        }
        finally {
            // Interrupted before an answer: what has no outcome yet was not delivered.
            for (int i : chunk) {
                if (items[i] == null) {
                    items[i] = new BatchResult.Item(reports.get(i), BatchResult.Outcome.NOT_DELIVERED, 0, null);
                }
            }
        }
    }

    /**
     * Records each item's outcome; returns the indexes to send again (item status 5xx).
     */
    private List<Integer> record(List<Report> reports, List<Integer> sent, HttpResponse<String> answer,
            BatchResult.Item[] items) {
        if (answer.statusCode() / 100 != 2) {
            // The batch as a whole was refused (a bad token, a body too large): so is
            // each report in it.
            Problem problem = PublisherHttp.problem(answer);
            sent.forEach(i -> items[i] = new BatchResult.Item(reports.get(i), BatchResult.Outcome.REJECTED,
                    answer.statusCode(), problem));
            return List.of();
        }
        List<Integer> again = new ArrayList<>();
        for (ReportJson.ItemAnswer item : ReportJson.batchAnswer(answer.body())) {
            int i = sent.get(item.index());
            BatchResult.Outcome outcome = item.status() / 100 == 2 ? BatchResult.Outcome.ACCEPTED
                    : PublisherHttp.retryable(item.status()) ? BatchResult.Outcome.NOT_DELIVERED
                            : BatchResult.Outcome.REJECTED;
            items[i] = new BatchResult.Item(reports.get(i), outcome, item.status(), item.problem());
            if (outcome == BatchResult.Outcome.NOT_DELIVERED) {
                again.add(i);
            }
        }
        return again;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("ProgressClient is closed");
        }
    }

    /** Stops taking sends; from JDK 21 on, also closes the underlying HTTP client. */
    @Override
    public void close() {
        closed = true;
        http.close();
    }

    /** Configures a {@link ProgressClient}; every setting has a safe default. */
    public static final class Builder {

        private final URI publisher;

        private final String token;

        private RetryPolicy retry = RetryPolicy.DEFAULT;

        private Duration requestTimeout = Duration.ofSeconds(30);

        private Duration connectTimeout = Duration.ofSeconds(5);

        private int batchSize = MAX_BATCH;

        private Builder(URI publisher, String token) {
            this.publisher = Objects.requireNonNull(publisher, "publisher");
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("A department token is required");
            }
            this.token = token.strip();
        }

        /** Default {@link RetryPolicy#DEFAULT}. */
        public Builder retryPolicy(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /**
         * One attempt's bound, the publisher's answer included; default 30 s. The
         * publisher answers within its {@code ack-timeout} (12 s), so keep this above
         * that.
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /** Default 5 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Reports per batch request in {@link #sendAll}; default and most
         * {@link #MAX_BATCH}.
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > MAX_BATCH) {
                throw new IllegalArgumentException("batchSize must be 1.." + MAX_BATCH + ": " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        public ProgressClient build() {
            return new ProgressClient(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

    }

}
