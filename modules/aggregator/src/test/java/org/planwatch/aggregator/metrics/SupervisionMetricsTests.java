package org.planwatch.aggregator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.SlipSteps;
import org.planwatch.events.avro.Slip;
import org.planwatch.events.avro.SlipColour;
import org.planwatch.events.avro.SupervisionEvent;
import org.planwatch.events.avro.SupervisionKind;

/**
 * The slips' gauges: counts by department, state and colour, and the late ones with
 * whether they rose a colour.
 */
class SupervisionMetricsTests {

    static final Instant T = Instant.parse("2026-02-10T01:00:00Z");

    final InitiativeView view = new InitiativeView();

    @Test
    void countsSlipsAndTheLateOnesByTheirBoundedLabels() {
        Slip unsigned = issued("s1", "ecology-env", SlipColour.BLUE);
        Slip escalated = SlipSteps.apply(issued("s2", "ecology-env", SlipColour.BLUE),
                step("s2", "e2", SupervisionKind.ESCALATED).setColour(SlipColour.YELLOW).build(), "ecology-env");
        Slip signed = SlipSteps.apply(issued("s3", "commerce", SlipColour.RED),
                step("s3", "e3", SupervisionKind.SIGNED).build(), "commerce");
        view.slips(new TaskId(0, 0), "water", List.of(unsigned, escalated));
        view.slips(new TaskId(0, 1), "villa", List.of(signed));

        // Two days on: past every sign-by, before every answer-by.
        MetricSnapshots snapshots = new SupervisionMetrics(view, Clock.fixed(T.plusSeconds(2 * 86_400), ZoneOffset.UTC))
            .collect();

        assertThat(points(snapshots, SupervisionMetrics.SLIPS)).containsExactlyInAnyOrder(
                "colour=blue,department=ecology-env,state=issued 1.0",
                "colour=yellow,department=ecology-env,state=issued 1.0",
                "colour=red,department=commerce,state=signed 1.0");
        assertThat(points(snapshots, SupervisionMetrics.LATE)).as("signed: nothing late before answer-by")
            .containsExactlyInAnyOrder("colour=blue,deadline=sign,department=ecology-env,escalated=false 1.0",
                    "colour=yellow,deadline=sign,department=ecology-env,escalated=true 1.0");
    }

    static List<String> points(MetricSnapshots snapshots, String name) {
        for (MetricSnapshot snapshot : snapshots) {
            if (snapshot.getMetadata().getName().equals(name)) {
                return ((GaugeSnapshot) snapshot).getDataPoints().stream().map(p -> {
                    StringBuilder labels = new StringBuilder();
                    p.getLabels()
                        .forEach(l -> labels.append(labels.isEmpty() ? "" : ",")
                            .append(l.getName())
                            .append('=')
                            .append(l.getValue()));
                    return labels + " " + p.getValue();
                }).toList();
            }
        }
        throw new AssertionError(name + " not collected");
    }

    static Slip issued(String id, String department, SlipColour colour) {
        return SlipSteps.apply(null,
                step(id, id + "-issue", SupervisionKind.ISSUED).setColour(colour)
                    .setSignBy(T.plusSeconds(86_400))
                    .setAnswerBy(T.plusSeconds(7 * 86_400))
                    .build(),
                department);
    }

    static SupervisionEvent.Builder step(String slip, String eventId, SupervisionKind kind) {
        return SupervisionEvent.newBuilder()
            .setEventId(eventId)
            .setInitiativeId("x")
            .setSlipId(slip)
            .setKind(kind)
            .setOccurredAt(T)
            .setActor("t");
    }

}
