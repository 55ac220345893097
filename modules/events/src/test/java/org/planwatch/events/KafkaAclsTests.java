package org.planwatch.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * The shape of the grants; that they are enough and no more is
 * {@code KafkaAclIntegrationTests}' job.
 */
class KafkaAclsTests {

    static final List<AclBinding> PUBLISHER = KafkaAcls.publisher("User:publisher");
    static final List<AclBinding> AGGREGATOR = KafkaAcls.aggregator("User:aggregator", "planwatch-aggregator");

    @Test
    void eachServiceWritesOnlyTheTopicsItIsTheWriterOf() {
        assertThat(names(PUBLISHER, AclOperation.WRITE, AclPermissionType.ALLOW)).containsExactlyInAnyOrder(
                "initiatives", "access-tokens", "progress.*", "supervision", "bulletins", "plans");
        assertThat(names(PUBLISHER, AclOperation.WRITE, AclPermissionType.DENY)).containsExactly("progress.dlt");
        assertThat(names(AGGREGATOR, AclOperation.WRITE, AclPermissionType.ALLOW)).containsExactlyInAnyOrder(
                "planwatch-aggregator-*", "initiative-rollups", "initiative-alerts", "initiative-status",
                "progress.dlt", "supervision");
        for (Topics.Topic<?, ?> topic : Topics.fixed()) {
            List<AclBinding> writer = topic.writer().equals("publisher") ? PUBLISHER : AGGREGATOR;
            assertThat(names(writer, AclOperation.WRITE, AclPermissionType.ALLOW)).as(topic.name())
                .contains(topic.name());
        }
    }

    @Test
    void aDepartmentsSystemWritesItsOwnReportsTopicOnly() {
        List<AclBinding> erp = KafkaAcls.departmentSystem("User:commerce-erp", "commerce");
        assertThat(names(erp, AclOperation.WRITE, AclPermissionType.ALLOW)).containsExactly("reports.commerce");
        assertThat(erp).allSatisfy(acl -> assertThat(acl.pattern().patternType()).isEqualTo(PatternType.LITERAL));
        assertThat(names(erp, AclOperation.READ, AclPermissionType.ALLOW)).containsExactly("initiatives");
        assertThat(names(PUBLISHER, AclOperation.WRITE, AclPermissionType.ALLOW)).as("the publisher writes none")
            .doesNotContain("reports.*");
    }

    @Test
    void nothingIsGrantedOnTheClusterOrAsAllOrForEveryName() {
        assertThat(Stream.concat(PUBLISHER.stream(), AGGREGATOR.stream())).allSatisfy(acl -> {
            assertThat(acl.pattern().resourceType()).isNotEqualTo(ResourceType.CLUSTER);
            assertThat(acl.entry().operation()).isNotEqualTo(AclOperation.ALL);
            assertThat(acl.pattern().name()).isNotIn("*", "");
            assertThat(acl.pattern().patternType()).isIn(PatternType.LITERAL, PatternType.PREFIXED);
        });
    }

    @Test
    void theAggregatorsGroupAndTransactionalIdsAreItsApplicationsOnly() {
        assertThat(AGGREGATOR).filteredOn(acl -> acl.pattern().resourceType() == ResourceType.GROUP)
            .extracting(acl -> acl.pattern().name() + "/" + acl.pattern().patternType() + "/" + acl.entry().operation())
            .containsExactly("planwatch-aggregator/LITERAL/READ");
        assertThat(AGGREGATOR).filteredOn(acl -> acl.pattern().resourceType() == ResourceType.TRANSACTIONAL_ID)
            .extracting(acl -> acl.pattern().name() + "/" + acl.pattern().patternType() + "/" + acl.entry().operation())
            .containsExactly("planwatch-aggregator-/PREFIXED/WRITE");
        assertThat(PUBLISHER).filteredOn(acl -> acl.pattern().resourceType() != ResourceType.TOPIC)
            .extracting(acl -> acl.pattern().resourceType() + "/" + acl.pattern().name() + "/"
                    + acl.pattern().patternType() + "/" + acl.entry().operation())
            .containsExactlyInAnyOrder("TRANSACTIONAL_ID/planwatch-bulletins/PREFIXED/WRITE",
                    "TRANSACTIONAL_ID/planwatch-bulletins/PREFIXED/DESCRIBE");
    }

    @Test
    void commandsCreateTheSameAclsGroupedByResource() {
        List<String> commands = KafkaAcls.commands(PUBLISHER);
        assertThat(commands).hasSize(12)
            .contains(
                    "kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\" --command-config admin.properties --add"
                            + " --allow-principal User:publisher --operation Create --operation Write --operation Read"
                            + " --topic initiatives --resource-pattern-type literal",
                    "kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\" --command-config admin.properties --add"
                            + " --deny-principal User:publisher --operation Write --topic progress.dlt"
                            + " --resource-pattern-type literal");
        assertThat(KafkaAcls.commands(AGGREGATOR))
            .contains("kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\" --command-config admin.properties --add"
                    + " --allow-principal User:aggregator --operation Write"
                    + " --transactional-id planwatch-aggregator- --resource-pattern-type prefixed");
        int operations = KafkaAcls.commands(AGGREGATOR)
            .stream()
            .mapToInt(c -> c.split("--operation ").length - 1)
            .sum();
        assertThat(operations).isEqualTo(AGGREGATOR.size());
    }

    /**
     * Resource names granted (or denied) {@code operation}, a prefix shown as
     * {@code name*}.
     */
    private static Set<String> names(List<AclBinding> acls, AclOperation operation, AclPermissionType permission) {
        return acls.stream()
            .filter(acl -> acl.pattern().resourceType() == ResourceType.TOPIC)
            .filter(acl -> acl.entry().operation() == operation && acl.entry().permissionType() == permission)
            .map(acl -> acl.pattern().name() + (acl.pattern().patternType() == PatternType.PREFIXED ? "*" : ""))
            .collect(Collectors.toSet());
    }

}
