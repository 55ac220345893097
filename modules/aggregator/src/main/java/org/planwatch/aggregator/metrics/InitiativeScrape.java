package org.planwatch.aggregator.metrics;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import org.planwatch.aggregator.metrics.InitiativeFamilies.Family;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.InitiativeView;

/**
 * The per-initiative families of {@code /actuator/prometheus}, written from renderings
 * kept between scrapes and rendered ahead after each evaluation pass (ADR 0006): all that
 * the endpoint, its wiring and the view know of how.
 */
interface InitiativeScrape {

    /**
     * The scrape of what {@code view} holds, which renders ahead on {@code renderer} when
     * the view says a pass is over ({@link InitiativeView#onEvaluated}).
     */
    static InitiativeScrape of(InitiativeView view, List<Family> families, Executor renderer) {
        InitiativeScrape scrape = new ViewScrape(view, new InitiativeText(families), renderer);
        view.onEvaluated(scrape::evaluated);
        return scrape;
    }

    /**
     * One scrape's body: {@code head}'s first {@code headLength} bytes (what else the
     * scrape holds), the families, then {@code tail}.
     * @param included the family names to write, or null for all
     * @param openMetrics OpenMetrics 1.0 metadata lines instead of the 0.0.4 ones
     */
    ScrapeBody body(@Nullable Set<String> included, boolean openMetrics, byte[] head, int headLength, byte[] tail);

    /**
     * A task's evaluation pass is over; called on its stream thread, so it only hands the
     * work over.
     */
    void evaluated();

    /** Whether the next scrape will find this snapshot rendered. */
    boolean isRendered(InitiativeSnapshot snapshot);

    /** Stops rendering ahead. */
    void close();

}
