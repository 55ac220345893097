package org.planwatch.events;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least each service needs on a cluster with an authorizer and {@code allow.everyone.if.no.acl.found=false},
 * as data: apply them with {@code Admin.createAcls}, or print the equivalent {@code kafka-acls.sh}
 * commands with {@link #main}. Found by running both services on such a broker, not by guessing;
 * {@code KafkaAclIntegrationTests} applies exactly these and proves the pipeline works under them and
 * that each principal is refused the rest.
 *
 * <p>Why some grants look wider than a topic's single writer: both services create the fixed
 * topics at start ({@link TopicProvisioner}, whichever starts first), and Kafka checks CREATE before
 * it looks whether the topic exists, so each needs CREATE on every fixed topic.
 */
public final class KafkaAcls {

    private KafkaAcls() {
    }

    /**
     * The publisher: writes the catalog, tokens and every program's progress topic (creating a
     * program's topic on first use) with an idempotent producer, follows {@code initiatives} and
     * {@code access-tokens} by assign() (no consumer group), and creates the fixed topics.
     *
     * @param principal e.g. {@code User:publisher}
     */
    public static List<AclBinding> publisher(String principal) {
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(allow(principal, literal(Topics.INITIATIVES.name()), CREATE, WRITE, READ));
        acls.addAll(allow(principal, literal(Topics.ACCESS_TOKENS.name()), CREATE, WRITE, READ));
        acls.addAll(allow(principal, prefixed(Topics.PROGRESS_PREFIX), CREATE, WRITE));
        // The prefix above also matches the dead-letter topic, which only the aggregator may write.
        acls.add(deny(principal, literal(Topics.DEAD_LETTERS.name()), WRITE));
        acls.addAll(allow(principal, literal(Topics.INITIATIVE_ALERTS.name()), CREATE));
        // DESCRIBE: the provisioner checks the partition count of every topic the aggregator reads.
        acls.addAll(allow(principal, literal(Topics.ROLLUPS.name()), CREATE, DESCRIBE));
        return List.copyOf(acls);
    }

    /**
     * The aggregator: a Kafka Streams application (exactly_once_v2) whose consumer group is its
     * application id and whose internal topics and transactional ids start with it; reads its
     * inputs by pattern ({@link Topics#AGGREGATOR_INPUT}), writes its three outputs, follows
     * {@code access-tokens}, and creates the fixed topics.
     *
     * @param principal e.g. {@code User:aggregator}
     * @param applicationId {@code spring.kafka.streams.application-id}
     */
    public static List<AclBinding> aggregator(String principal, String applicationId) {
        // Streams names internal topics <id>-<store>-changelog and transactional ids <id>-<process>-<thread>.
        String internal = applicationId + "-";
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(allow(principal, new ResourcePattern(ResourceType.GROUP, applicationId, PatternType.LITERAL), READ));
        acls.addAll(allow(principal, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, internal, PatternType.PREFIXED),
                WRITE));
        acls.addAll(allow(principal, prefixed(internal), CREATE, READ, WRITE, DESCRIBE_CONFIGS));
        acls.addAll(allow(principal, literal(Topics.INITIATIVES.name()), CREATE, READ));
        acls.addAll(allow(principal, prefixed(Topics.PROGRESS_PREFIX), READ));
        acls.addAll(allow(principal, literal(Topics.ROLLUPS.name()), CREATE, READ, WRITE));
        acls.addAll(allow(principal, literal(Topics.INITIATIVE_ALERTS.name()), CREATE, WRITE));
        acls.addAll(allow(principal, literal(Topics.DEAD_LETTERS.name()), CREATE, WRITE));
        acls.addAll(allow(principal, literal(Topics.ACCESS_TOKENS.name()), CREATE, READ));
        return List.copyOf(acls);
    }

    private static ResourcePattern literal(String topic) {
        return new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL);
    }

    private static ResourcePattern prefixed(String prefix) {
        return new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED);
    }

    private static List<AclBinding> allow(String principal, ResourcePattern resource, AclOperation... operations) {
        return Arrays.stream(operations).map(operation -> new AclBinding(resource,
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW))).toList();
    }

    private static AclBinding deny(String principal, ResourcePattern resource, AclOperation operation) {
        return new AclBinding(resource, new AccessControlEntry(principal, "*", operation, AclPermissionType.DENY));
    }
}
