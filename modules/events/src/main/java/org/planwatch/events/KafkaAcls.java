package org.planwatch.events;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least each service needs on a cluster with an authorizer and
 * {@code allow.everyone.if.no.acl.found=false}, as data: apply them with
 * {@code Admin.createAcls}, or print the equivalent {@code kafka-acls.sh} commands with
 * {@link #main}. Found by running both services on such a broker and taking grants away
 * one by one, not by guessing; {@code KafkaAclIntegrationTests} applies exactly these,
 * proves the pipeline works under them, and that each principal is refused the rest.
 *
 * <p>
 * Why some grants look wider than a topic's single writer: both services create the fixed
 * topics at start ({@link TopicProvisioner}, so either may start first), and Kafka checks
 * CREATE before it looks whether the topic exists. So each needs CREATE on every fixed
 * topic, and DESCRIBE on those whose partition count it checks. CREATE on an existing
 * topic changes nothing.
 *
 * <p>
 * Print the commands for your principals and application id:
 * {@code java -cp modules/demo/target/demo-0.1.0-exec.jar -Dloader.main=org.planwatch.events.KafkaAcls
 * org.springframework.boot.loader.launch.PropertiesLauncher User:publisher User:aggregator planwatch-aggregator}
 */
public final class KafkaAcls {

    /**
     * The publisher's bulletin writer's transactional id, shared by every instance
     * (granted as a prefix).
     */
    public static final String BULLETIN_WRITER = "planwatch-bulletins";

    private KafkaAcls() {
    }

    /**
     * The publisher: writes the catalog, plans, tokens and every program's progress topic
     * (creating a program's topic on first use) with an idempotent producer, which needs
     * no IDEMPOTENT_WRITE on the cluster since Kafka 3.0 (WRITE on a topic suffices);
     * follows {@code initiatives} and {@code access-tokens} by assign(), so it needs no
     * consumer group; creates the fixed topics.
     * @param principal e.g. {@code User:publisher}
     */
    public static List<AclBinding> publisher(String principal) {
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(allow(principal, topic(Topics.INITIATIVES.name()), CREATE, WRITE, READ));
        acls.addAll(allow(principal, topic(Topics.ACCESS_TOKENS.name()), CREATE, WRITE, READ));
        acls.addAll(allow(principal, topic(Topics.PLANS.name()), CREATE, WRITE, READ));
        acls.addAll(allow(principal, topicPrefix(Topics.PROGRESS_PREFIX), CREATE, WRITE));
        // Creates each catalog department's reports topic; never writes one.
        acls.addAll(allow(principal, topicPrefix(Topics.REPORTS_PREFIX), CREATE, DESCRIBE));
        // That prefix also matches the dead-letter topic, which only the aggregator may
        // write.
        acls.add(deny(principal, topic(Topics.DEAD_LETTERS.name()), WRITE));
        acls.addAll(allow(principal, topic(Topics.INITIATIVE_ALERTS.name()), CREATE));
        acls.addAll(allow(principal, topic(Topics.ROLLUPS.name()), CREATE, DESCRIBE));
        // The supervisors' desk follows the judged states.
        acls.addAll(allow(principal, topic(Topics.INITIATIVE_STATUS.name()), CREATE, READ, DESCRIBE));
        // Supervision steps from people and other systems.
        acls.addAll(allow(principal, topic(Topics.SUPERVISION.name()), CREATE, WRITE, DESCRIBE));
        // Bulletins: read whole, written one operation at a time under one transactional
        // id.
        acls.addAll(allow(principal, topic(Topics.BULLETINS.name()), CREATE, WRITE, READ, DESCRIBE));
        acls.addAll(allow(principal,
                new ResourcePattern(ResourceType.TRANSACTIONAL_ID, BULLETIN_WRITER, PatternType.PREFIXED), WRITE,
                DESCRIBE));
        return List.copyOf(acls);
    }

    /**
     * The aggregator: a Kafka Streams application (exactly_once_v2) whose consumer group
     * is its application id and whose internal topics and transactional ids start with
     * it; reads its inputs by pattern ({@link Topics#AGGREGATOR_INPUT}), writes its four
     * outputs, follows {@code access-tokens}, and creates the fixed topics. Streams also
     * asks for DESCRIBE_CONFIGS on the changelogs it creates, but works without it, so it
     * is not granted.
     * @param principal e.g. {@code User:aggregator}
     * @param applicationId {@code spring.kafka.streams.application-id}
     */
    public static List<AclBinding> aggregator(String principal, String applicationId) {
        // Streams names internal topics <id>-<store>-changelog and transactional ids
        // <id>-<process>-<thread>.
        String ownPrefix = applicationId + "-";
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(
                allow(principal, new ResourcePattern(ResourceType.GROUP, applicationId, PatternType.LITERAL), READ));
        acls.addAll(allow(principal,
                new ResourcePattern(ResourceType.TRANSACTIONAL_ID, ownPrefix, PatternType.PREFIXED), WRITE));
        acls.addAll(allow(principal, topicPrefix(ownPrefix), CREATE, READ, WRITE));
        acls.addAll(allow(principal, topic(Topics.INITIATIVES.name()), CREATE, READ));
        acls.addAll(allow(principal, topicPrefix(Topics.PROGRESS_PREFIX), READ));
        acls.addAll(allow(principal, topicPrefix(Topics.REPORTS_PREFIX), READ));
        acls.addAll(allow(principal, topic(Topics.ROLLUPS.name()), CREATE, READ, WRITE));
        acls.addAll(allow(principal, topic(Topics.INITIATIVE_ALERTS.name()), CREATE, WRITE));
        acls.addAll(allow(principal, topic(Topics.INITIATIVE_STATUS.name()), CREATE, WRITE));
        // Reads the slips' steps, and writes those its rules take (escalation, reopening,
        // automatic issue).
        acls.addAll(allow(principal, topic(Topics.SUPERVISION.name()), CREATE, READ, WRITE));
        acls.addAll(allow(principal, topic(Topics.DEAD_LETTERS.name()), CREATE, WRITE));
        acls.addAll(allow(principal, topic(Topics.ACCESS_TOKENS.name()), CREATE, READ));
        acls.addAll(allow(principal, topic(Topics.BULLETINS.name()), CREATE));
        // Follows the plans for their owners (a district supervisor's checks).
        acls.addAll(allow(principal, topic(Topics.PLANS.name()), CREATE, READ));
        return List.copyOf(acls);
    }

    /**
     * A department's own system in Kafka client mode: writes its department's reports
     * topic only (a literal ACL, so the topic proves the department), and follows the
     * catalog by assign() to check its reports first.
     * @param principal e.g. {@code User:commerce-erp}
     */
    public static List<AclBinding> departmentSystem(String principal, String department) {
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(allow(principal, topic(Topics.reports(department).name()), WRITE, DESCRIBE));
        acls.addAll(allow(principal, topic(Topics.INITIATIVES.name()), READ, DESCRIBE));
        return List.copyOf(acls);
    }

    /**
     * {@code kafka-acls.sh} commands that create {@code acls}, one per principal,
     * permission and resource; {@code $BOOTSTRAP} and {@code admin.properties} (a super
     * user's client settings) are left for the operator to fill in.
     */
    public static List<String> commands(List<AclBinding> acls) {
        Map<String, List<AclBinding>> byResource = acls.stream()
            .collect(
                    Collectors.groupingBy(acl -> acl.entry().principal() + acl.entry().permissionType() + acl.pattern(),
                            LinkedHashMap::new, Collectors.toList()));
        return byResource.values().stream().map(KafkaAcls::command).toList();
    }

    private static String command(List<AclBinding> sameResource) {
        AclBinding first = sameResource.get(0);
        String who = first.entry().permissionType() == AclPermissionType.DENY ? "--deny-principal "
                : "--allow-principal ";
        String operations = sameResource.stream()
            .map(acl -> "--operation " + camel(acl.entry().operation()))
            .collect(Collectors.joining(" "));
        ResourcePattern pattern = first.pattern();
        String resource = switch (pattern.resourceType()) {
            case TOPIC -> "--topic ";
            case GROUP -> "--group ";
            case TRANSACTIONAL_ID -> "--transactional-id ";
            default -> throw new IllegalArgumentException("No command for " + pattern.resourceType());
        };
        return "kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\" --command-config admin.properties --add " + who
                + first.entry().principal() + " " + operations + " " + resource + pattern.name()
                + " --resource-pattern-type " + pattern.patternType().name().toLowerCase(Locale.ROOT);
    }

    /** DESCRIBE_CONFIGS → DescribeConfigs, as kafka-acls.sh spells operations. */
    private static String camel(AclOperation operation) {
        return Arrays.stream(operation.name().split("_"))
            .map(word -> word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT))
            .collect(Collectors.joining());
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static ResourcePattern topicPrefix(String prefix) {
        return new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED);
    }

    private static List<AclBinding> allow(String principal, ResourcePattern resource, AclOperation... operations) {
        return Arrays.stream(operations)
            .map(operation -> new AclBinding(resource,
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)))
            .toList();
    }

    private static AclBinding deny(String principal, ResourcePattern resource, AclOperation operation) {
        return new AclBinding(resource, new AccessControlEntry(principal, "*", operation, AclPermissionType.DENY));
    }

    /**
     * {@code [publisher principal] [aggregator principal] [application id]}: prints the
     * commands.
     */
    public static void main(String[] args) {
        String publisher = args.length > 0 ? args[0] : "User:publisher";
        String aggregator = args.length > 1 ? args[1] : "User:aggregator";
        String applicationId = args.length > 2 ? args[2] : "planwatch-aggregator";
        System.out.println("# publisher (" + publisher + ")");
        commands(publisher(publisher)).forEach(System.out::println);
        System.out.println("# aggregator (" + aggregator + ", application id " + applicationId + ")");
        commands(aggregator(aggregator, applicationId)).forEach(System.out::println);
    }

}
