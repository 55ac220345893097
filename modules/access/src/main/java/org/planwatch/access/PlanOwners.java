package org.planwatch.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.planwatch.events.TopicFollower;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.Plan;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;

/**
 * Who owns each plan (a district, or the city), from the compacted {@code plans} topic:
 * what a district supervisor's object-level checks ask of an initiative's plan. A plan
 * this instance has not read yet has no owner, so only the city's supervisors and admins
 * see its initiatives until it has.
 */
public class PlanOwners implements SmartLifecycle {

    private final Map<String, String> owners = new ConcurrentHashMap<>();

    private final TopicFollower<Plan> follower;

    PlanOwners(KafkaProperties kafka, String clientId) {
        this.follower = new TopicFollower<>(Topics.PLANS, kafka.buildConsumerProperties(), clientId,
                (id, plan, offset) -> {
                    if (plan == null) {
                        owners.remove(id);
                    }
                    else {
                        owners.put(id, plan.getOwner());
                    }
                });
    }

    /** The owner of {@code plan}; null for none, or for a plan not (yet) known. */
    public String of(String plan) {
        return plan == null ? null : owners.get(plan);
    }

    /** A plan this instance just wrote: its owner at once. */
    public void wrote(Plan plan) {
        owners.put(plan.getId(), plan.getOwner());
    }

    @Override
    public void start() {
        follower.start();
    }

    @Override
    public void stop() {
        follower.close();
    }

    @Override
    public boolean isRunning() {
        return follower.isRunning();
    }

    /** As the token registry: before the web server takes requests. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

}
