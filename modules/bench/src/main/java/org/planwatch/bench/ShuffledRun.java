package org.planwatch.bench;

import static org.planwatch.bench.Rig.fmt;

import java.util.List;

import org.planwatch.bench.Table.Row;
import org.planwatch.process.BootService;

/**
 * Exactly-once aggregation of reports that arrive shuffled within each initiative,
 * against the same events in occurredAt order: the same topic size, emptied and filled
 * again for each, and a fresh aggregator each time. Last of the parts, since it empties
 * the topic the others read.
 */
final class ShuffledRun implements Run {

    static final Goal SHUFFLED = Goal.ratioAtLeast(0.50);

    /**
     * A fifth of the aggregation run's events over the same initiatives: twenty reports
     * each in the full configuration, about a year of fortnightly reports.
     */
    static final int FRACTION = 5;

    @Override
    public String name() {
        return "shuffled";
    }

    @Override
    public String measures() {
        return "exactly-once aggregation of reports shuffled within each initiative, against in order";
    }

    @Override
    public void measure(Rig rig, Table table) throws Exception {
        int initiatives = rig.options.aggregatorInitiatives();
        int events = rig.options.aggregatorEvents() / FRACTION;
        rig.catalog(initiatives);
        double inOrder = aggregate(rig, table, "in_order", events, initiatives, false);
        double shuffled = aggregate(rig, table, "shuffled", events, initiatives, true);
        table.note("The shuffled-arrival pair: progress.bench emptied and filled again with " + events + " events over "
                + initiatives + " initiatives (" + events / initiatives
                + " each), once in occurredAt order and once with each initiative's reports in a seeded random order;"
                + " a fresh exactly_once_v2 aggregator reads each.");
        table.add(
                Row.of("Aggregation, exactly_once_v2, reports shuffled within each initiative, events/s", fmt(shuffled))
                    .against(fmt(inOrder) + " the same events in occurredAt order", shuffled / inOrder)
                    .goal(SHUFFLED));
    }

    private static double aggregate(Rig rig, Table table, String name, int events, int initiatives, boolean shuffled)
            throws Exception {
        rig.refill(events, initiatives, shuffled);
        try (BootService aggregator = rig.aggregator(name, List.of())) {
            double rate = AggregationRun.caughtUp(rig, table, aggregator, name, events).rate();
            aggregator.stop();
            return rate;
        }
    }

}
