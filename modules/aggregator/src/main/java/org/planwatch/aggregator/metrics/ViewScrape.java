package org.planwatch.aggregator.metrics;

import java.util.Set;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.InitiativeView;

/**
 * The scrape of what a view holds: its text, rendered ahead after each of the view's
 * passes.
 */
final class ViewScrape implements InitiativeScrape {

    private final InitiativeView view;

    private final InitiativeText text;

    private final RenderAhead ahead;

    ViewScrape(InitiativeView view, InitiativeText text, Executor renderer) {
        this.view = view;
        this.text = text;
        this.ahead = new RenderAhead(renderer, () -> text.renderAhead(view.scraped()));
    }

    @Override
    public ScrapeBody body(@Nullable Set<String> included, boolean openMetrics, byte[] head, int headLength,
            byte[] tail) {
        // Asked for the view only when the scrape holds a family of the initiatives.
        return text.body(view::scraped, included, openMetrics, head, headLength, tail);
    }

    @Override
    public void evaluated() {
        ahead.request();
    }

    @Override
    public boolean isRendered(InitiativeSnapshot snapshot) {
        return text.isRendered(snapshot);
    }

    @Override
    public void close() {
        ahead.close();
    }

}
