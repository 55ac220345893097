package org.planwatch.events;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics through the admin client, idempotently, and checks that an existing
 * topic has the partition count the aggregator's co-partitioning relies on.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;

    private final Topics.TopicSettings settings;

    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public TopicProvisioner(Admin admin, Topics.TopicSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    public void ensureFixedTopics() {
        ensure(Topics.fixed());
    }

    public void ensureProgramTopic(String program) {
        ensure(List.of(Topics.progress(program)));
    }

    /** The reports topics of these departments (each department's own systems write). */
    public void ensureReportsTopics(List<String> departments) {
        ensure(departments.stream().<Topics.Topic<?, ?>>map(Topics::reports).toList());
    }

    public void ensure(List<Topics.Topic<?, ?>> topics) {
        List<NewTopic> missing = topics.stream()
            .filter(t -> !known.contains(t.name()))
            .map(t -> Topics.definition(t, settings))
            .toList();
        if (missing.isEmpty()) {
            return;
        }
        try {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
            for (NewTopic topic : missing) {
                try {
                    results.get(topic.name()).get(30, TimeUnit.SECONDS);
                    log.info("Created topic {} ({} partitions, replication {})", topic.name(), topic.numPartitions(),
                            topic.replicationFactor());
                }
                catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + topic.name(), e.getCause());
                    }
                }
                checkPartitions(topic.name());
                known.add(topic.name());
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
        catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer while creating topics", e);
        }
    }

    private void checkPartitions(String name) throws InterruptedException, TimeoutException {
        if (name.equals(Topics.DEAD_LETTERS.name()) || name.equals(Topics.INITIATIVE_ALERTS.name())
                || name.equals(Topics.ACCESS_TOKENS.name()) || name.equals(Topics.BULLETINS.name())
                || name.equals(Topics.PLANS.name())) {
            return; // not read with the inputs, so their partition count is free
        }
        int partitions = describe(name).partitions().size();
        if (partitions != settings.partitions()) {
            throw new IllegalStateException("Topic " + name + " has " + partitions + " partitions but "
                    + settings.partitions() + " are configured: every topic the aggregator reads must have the same"
                    + " partition count, so an initiative's catalog entry and events meet in one task");
        }
    }

    /**
     * A topic just created may not be in every broker's metadata yet: ask again for a
     * while.
     */
    private TopicDescription describe(String name) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name);
            }
            catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cannot describe topic " + name, e.getCause());
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

}
