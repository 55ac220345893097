package org.planwatch.publisher.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.planwatch.events.Topics;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.Plan;
import org.planwatch.publisher.PublisherProperties;
import org.planwatch.publisher.kafka.KafkaWriter;
import org.planwatch.publisher.problem.KafkaUnavailableException;
import org.springframework.stereotype.Component;

/**
 * Stamps a closed or archived plan's state on each of its catalog entries (ADR 0012), so
 * the aggregator meets the close in each initiative's own partition, in order with its
 * reports.
 */
@Component
public class PlanClosure {

    private final CatalogView view;

    private final KafkaWriter writer;

    private final PublisherProperties properties;

    private final Clock clock;

    PlanClosure(CatalogView view, KafkaWriter writer, PublisherProperties properties, Clock clock) {
        this.view = view;
        this.writer = writer;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Writes the entries of {@code plan} that do not carry its closedAt and archivedAt
     * yet, and waits for Kafka. The plan's own record is written after this returns, so a
     * failed step is retried whole and stamps only what is missing.
     * @return how many entries were stamped
     * @throws KafkaUnavailableException when an entry is not acknowledged
     */
    public int stamp(Plan plan, String updatedBy) {
        long now = clock.millis();
        List<KafkaWriter.Pending<Initiative>> pending = new ArrayList<>();
        for (Initiative entry : view.all()) {
            if (plan.getId().equals(entry.getPlan()) && (!Objects.equals(entry.getClosedAt(), plan.getClosedAt())
                    || !Objects.equals(entry.getArchivedAt(), plan.getArchivedAt()))) {
                Initiative stamped = Initiative.newBuilder(entry)
                    .setClosedAt(plan.getClosedAt())
                    .setArchivedAt(plan.getArchivedAt())
                    .setUpdatedAt(Instant.ofEpochMilli(now))
                    .setUpdatedBy(updatedBy)
                    .build();
                pending.add(new KafkaWriter.Pending<>(Topics.INITIATIVES, entry.getId(), stamped, now));
            }
        }
        List<KafkaWriter.Outcome> outcomes = writer.writeAll(pending, properties.ackTimeout());
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof KafkaWriter.Failed failed) {
                throw new KafkaUnavailableException(failed.reason());
            }
            view.wrote(pending.get(i).value(), ((KafkaWriter.Written) outcomes.get(i)).metadata().offset());
        }
        return pending.size();
    }

}
