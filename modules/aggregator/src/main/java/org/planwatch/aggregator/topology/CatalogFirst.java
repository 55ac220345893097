package org.planwatch.aggregator.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.planwatch.events.Topics;

/**
 * Catalog records sort before every event. A task reads its partitions in timestamp
 * order; once the compacted {@code initiatives} topic keeps only an initiative's latest
 * definition, stamped when it was re-baselined, a reprocessing from the start (new
 * application id, reset, lost state) would otherwise meet that initiative's older reports
 * first and dead-letter them as unknown. Other records keep the time they were written.
 */
public final class CatalogFirst implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return Topics.INITIATIVES.name().equals(record.topic()) ? 0L : Math.max(0L, record.timestamp());
    }

}
