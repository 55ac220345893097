package org.planwatch.publisher.plan;

import org.planwatch.events.Topics;
import org.planwatch.events.avro.Plan;
import org.planwatch.publisher.kafka.FollowedTopic;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/** The plans as this publisher instance knows them: the compacted {@code plans} topic. */
@Component
public class PlanView extends FollowedTopic<Plan> {

    PlanView(KafkaProperties kafka) {
        super(Topics.PLANS, kafka, "publisher-plan-view", "plans");
    }

    void wrote(Plan plan, long offset) {
        wrote(plan.getId(), plan, offset);
    }

}
