package org.planwatch.bench;

import java.nio.file.Path;
import java.time.Duration;

import org.planwatch.process.BootService;

/**
 * The scrape at every size without the aggregation runs before it (minutes shorter, while
 * working on the scrape): the initiatives have their catalog entries but no events, so
 * each carries fewer series than in the full run.
 */
final class ScrapeRun implements Run {

    @Override
    public String name() {
        return "scrape";
    }

    @Override
    public String measures() {
        return "scrape at every size, catalog only (not with aggregation)";
    }

    /** The aggregation run times the scrape at every size already. */
    @Override
    public boolean selected(Options options) {
        return options.runs(name()) && !options.runs("aggregation");
    }

    @Override
    public void measure(Rig rig, Table table) throws Exception {
        rig.catalog(rig.options.scrapeSizes().get(0) - 100);
        table.note("The scrapes below are of initiatives with catalog entries and no events (--only scrape).");
        Path jfr = rig.workDir().resolve("aggregator-scrape.jfr");
        try (BootService aggregator = rig.aggregator("scrape", Rig.profiled(jfr))) {
            aggregator.awaitReady(Duration.ofMinutes(2));
            for (int size : rig.options.scrapeSizes()) {
                rig.catalog(size);
                ScrapeTiming.measure(rig, table, aggregator, size);
            }
            aggregator.stop();
        }
        table.note("Profile of the aggregator through the scrapes, our methods with their callees: "
                + String.join("; ", Profile.inclusive(jfr, "org.planwatch", 6)));
        Rig.keep(jfr, "planwatch-bench-aggregator-scrape.jfr");
    }

}
