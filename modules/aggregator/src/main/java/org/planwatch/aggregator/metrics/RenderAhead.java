package org.planwatch.aggregator.metrics;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the rendering that follows an evaluation pass to a thread of its own, so the
 * stream thread only hands it over. One is queued at most: a pass that ends while
 * another's renderings are under way needs one more, no more.
 */
final class RenderAhead {

    private static final Logger log = LoggerFactory.getLogger(RenderAhead.class);

    private final Executor renderer;

    private final Runnable render;

    private final AtomicBoolean queued = new AtomicBoolean();

    /**
     * @param renderer shut down by {@link #close} when it is an {@link ExecutorService}:
     * it is this one's alone
     */
    RenderAhead(Executor renderer, Runnable render) {
        this.renderer = renderer;
        this.render = render;
    }

    /** On the stream thread, at the end of a task's evaluation pass. */
    void request() {
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        try {
            renderer.execute(() -> {
                queued.set(false);
                try {
                    render.run();
                }
                catch (RuntimeException e) {
                    // Nothing is lost: the next scrape renders what is missing itself.
                    log.warn("Rendering ahead of the next scrape failed", e);
                }
            });
        }
        catch (RejectedExecutionException e) {
            // Shutting down: the next scrape (if any) renders what it needs itself.
            queued.set(false);
        }
    }

    void close() {
        if (renderer instanceof ExecutorService service) {
            service.shutdownNow();
        }
    }

}
