package org.planwatch.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The load generator, on loopback, bounded in time: closed-loop saturation (as many calls
 * as {@code threads} callers can make), and open-loop pacing for latency, where each
 * call's latency counts from when it was due, not when it went out, so a stalled server
 * cannot hide its stall.
 */
final class HttpLoad {

    /**
     * One call; returns how many units (events, pushes) it delivered, 0 when it failed.
     */
    interface Call {

        int run(long i) throws Exception;

    }

    /**
     * @param detail what the generator said of the run beyond the counts (wrk's latency
     * from the send), or empty
     */
    record Rate(long units, long failures, Duration elapsed, String detail) {
        double perSecond() {
            return units / (elapsed.toNanos() / 1e9);
        }
    }

    record Latency(double p50Millis, double p99Millis, long calls, long failures, double perSecond) {
    }

    /** Three significant digits: a latency is read to within 0.1%, whatever its size. */
    static final int DIGITS = 3;

    private HttpLoad() {
    }

    static Rate saturate(int threads, Duration window, Call call) throws InterruptedException {
        AtomicLong units = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong counter = new AtomicLong();
        long start = System.nanoTime();
        long end = start + window.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                while (System.nanoTime() < end) {
                    try {
                        int delivered = call.run(counter.getAndIncrement());
                        if (delivered > 0) {
                            units.addAndGet(delivered);
                        }
                        else {
                            failures.incrementAndGet();
                        }
                    }
                    catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(window.toSeconds() + 120, TimeUnit.SECONDS);
        return new Rate(units.get(), failures.get(), Duration.ofNanos(System.nanoTime() - start), "");
    }

    static Latency paced(double perSecond, Duration window, int threads, Call call) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            return paced(perSecond, window, pool, call);
        }
        finally {
            pool.shutdown();
            pool.awaitTermination(120, TimeUnit.SECONDS);
        }
    }

    /**
     * As above, on the caller's {@code pool}, which is left running: a warm-up and the
     * measured run can share its threads (and whatever each thread keeps, such as a
     * connection).
     */
    static Latency paced(double perSecond, Duration window, ExecutorService pool, Call call)
            throws InterruptedException {
        ConcurrentHistogram latencies = new ConcurrentHistogram(DIGITS);
        AtomicLong failures = new AtomicLong();
        long calls = (long) (perSecond * window.toNanos() / 1e9);
        CountDownLatch done = new CountDownLatch((int) calls);
        long intervalNanos = (long) (1e9 / perSecond);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        AtomicLong issued = new AtomicLong();
        ticker.scheduleAtFixedRate(() -> {
            long i = issued.getAndIncrement();
            if (i >= calls) {
                return;
            }
            long due = start + i * intervalNanos;
            pool.execute(() -> {
                try {
                    if (call.run(i) > 0) {
                        latencies.recordValue(Math.max(0, System.nanoTime() - due));
                    }
                    else {
                        failures.incrementAndGet();
                    }
                }
                catch (Exception e) {
                    failures.incrementAndGet();
                }
                finally {
                    done.countDown();
                }
            });
        }, 0, intervalNanos, TimeUnit.NANOSECONDS);
        boolean all = done.await(window.toSeconds() + 120, TimeUnit.SECONDS);
        ticker.shutdownNow();
        if (!all) {
            failures.addAndGet(done.getCount());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Latency(millisAt(latencies, 50), millisAt(latencies, 99), latencies.getTotalCount(), failures.get(),
                latencies.getTotalCount() / elapsed);
    }

    /**
     * The value at {@code percentile} (0 to 100) of a histogram of nanoseconds, in ms;
     * NaN when it is empty.
     */
    static double millisAt(AbstractHistogram nanos, double percentile) {
        return nanos.getTotalCount() == 0 ? Double.NaN : nanos.getValueAtPercentile(percentile) / 1e6;
    }

}
