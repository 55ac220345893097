package org.planwatch.aggregator.status;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.planwatch.events.avro.ProgressEvent;

/**
 * One page of an initiative's report history: every counted event, newest (by occurredAt)
 * first.
 */
record HistoryPage(String initiativeId, int page, int size, long total, List<Entry> events) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(String eventId, Instant occurredAt, Instant receivedAt, String reportedBy, String department,
            String source, Double percentComplete, Map<String, Double> kpis, List<String> milestones,
            String declaredHealth, String note, String supersedes, String supersededBy) {

        static Entry of(ProgressEvent e, Map<String, String> supersededBy) {
            return new Entry(e.getEventId(), e.getOccurredAt(), e.getReceivedAt(), e.getReportedBy(), e.getDepartment(),
                    e.getSource().name().toLowerCase(Locale.ROOT), e.getPercentComplete(),
                    e.getKpis().isEmpty() ? null : e.getKpis(),
                    e.getMilestonesReached().isEmpty() ? null : e.getMilestonesReached(),
                    e.getDeclaredHealth() == null ? null : e.getDeclaredHealth().name().toLowerCase(Locale.ROOT),
                    e.getNote(), e.getSupersedes(), supersededBy.get(e.getEventId()));
        }
    }

    static final Set<Integer> SIZES = Set.of(10, 20, 50, 100);

}
