package org.planwatch.aggregator.metrics;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.planwatch.aggregator.metrics.InitiativeFamilies.Family;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.avro.Initiative;

/**
 * The per-initiative families ({@link InitiativeFamilies}) as Prometheus client
 * snapshots, read from the {@link InitiativeView} at scrape time. The text scrapes
 * Prometheus makes skip this collector (it declares its names) and use
 * {@link InitiativeText} instead; this path serves the protobuf format.
 */
final class InitiativeMetrics implements MultiCollector {

    private final InitiativeView view;

    private final List<Family> families;

    InitiativeMetrics(InitiativeView view, ZoneId zone) {
        this.view = view;
        this.families = InitiativeFamilies.all(zone);
    }

    List<Family> families() {
        return families;
    }

    @Override
    public List<String> getPrometheusNames() {
        return families.stream().map(Family::name).toList();
    }

    @Override
    public MetricSnapshots collect() {
        Collection<InitiativeSnapshot> snapshots = view.scraped();
        List<List<Object>> points = new ArrayList<>();
        families.forEach(f -> points.add(new ArrayList<>()));
        for (InitiativeSnapshot snapshot : snapshots) {
            Initiative initiative = snapshot.state().getInitiative();
            Labels labels = Labels.of("initiative", initiative.getId(), "program", initiative.getProgram(),
                    "department", initiative.getDepartment());
            for (int i = 0; i < families.size(); i++) {
                Family family = families.get(i);
                List<Object> into = points.get(i);
                String plan = SampleLines.planOf(family, snapshot);
                Labels base = plan == null ? labels : labels.add("plan", plan);
                family.samples()
                    .of(snapshot, (extra, value) -> into
                        .add(point(family, extra == null ? base : base.add(family.extraLabel(), extra), value)));
            }
        }
        List<MetricSnapshot> all = new ArrayList<>();
        for (int i = 0; i < families.size(); i++) {
            all.add(snapshot(families.get(i), points.get(i)));
        }
        return new MetricSnapshots(all);
    }

    private static Object point(Family family, Labels labels, double value) {
        return switch (family.kind()) {
            case GAUGE -> GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
            case COUNTER -> CounterDataPointSnapshot.builder().labels(labels).value(value).build();
            case INFO -> InfoDataPointSnapshot.builder().labels(labels).build();
        };
    }

    @SuppressWarnings("unchecked")
    private static MetricSnapshot snapshot(Family family, List<Object> points) {
        return switch (family.kind()) {
            case GAUGE -> new GaugeSnapshot(new MetricMetadata(family.name(), family.help()),
                    (List<GaugeDataPointSnapshot>) (List<?>) points);
            case COUNTER -> new CounterSnapshot(new MetricMetadata(family.name(), family.help()),
                    (List<CounterDataPointSnapshot>) (List<?>) points);
            case INFO -> new InfoSnapshot(new MetricMetadata(family.name(), family.help()),
                    (List<InfoDataPointSnapshot>) (List<?>) points);
        };
    }

}
