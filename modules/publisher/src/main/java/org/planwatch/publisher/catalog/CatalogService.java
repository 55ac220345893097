package org.planwatch.publisher.catalog;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.planwatch.events.TopicProvisioner;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.Plan;
import org.planwatch.events.avro.PlanState;
import org.planwatch.publisher.PublisherProperties;
import org.planwatch.publisher.kafka.KafkaWriter;
import org.planwatch.publisher.plan.PlanView;
import org.planwatch.publisher.problem.FieldProblem;
import org.planwatch.publisher.problem.InvalidInputException;
import org.planwatch.publisher.problem.KafkaUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Writes catalog entries: validated, their program's topic made to exist, acknowledged by
 * Kafka.
 */
@Service
class CatalogService {

    private static final Logger log = LoggerFactory.getLogger(CatalogService.class);

    private final CatalogView view;

    private final PlanView plans;

    private final KafkaWriter writer;

    private final TopicProvisioner provisioner;

    private final PublisherProperties properties;

    private final Clock clock;

    CatalogService(CatalogView view, PlanView plans, KafkaWriter writer, TopicProvisioner provisioner,
            PublisherProperties properties, Clock clock) {
        this.view = view;
        this.plans = plans;
        this.writer = writer;
        this.provisioner = provisioner;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @return true when the initiative is new to the catalog
     */
    boolean put(String id, InitiativeDocument document, String updatedBy) {
        Initiative initiative = CatalogMapper.toAvro(id, document, clock.instant(), updatedBy);
        checkParent(initiative);
        Optional<Initiative> current = view.get(id);
        checkPlan(initiative, current.map(Initiative::getPlan).orElse(null));
        checkLineage(initiative, current.orElse(null));
        boolean created = current.isEmpty();
        try {
            // Before the entry exists, its events must have somewhere to go: from the
            // publisher, and from its departments' own systems.
            provisioner.ensureProgramTopic(initiative.getProgram());
            List<String> departments = new ArrayList<>(List.of(initiative.getDepartment()));
            departments.addAll(initiative.getSupportingDepartments());
            provisioner.ensureReportsTopics(departments);
        }
        catch (IllegalStateException e) {
            log.warn("Cannot create the topic of program {}", initiative.getProgram(), e);
            throw new KafkaUnavailableException("Cannot create the topic of program " + initiative.getProgram());
        }
        KafkaWriter.Outcome outcome = writer.write(
                new KafkaWriter.Pending<>(Topics.INITIATIVES, id, initiative, clock.millis()), properties.ackTimeout());
        if (outcome instanceof KafkaWriter.Written written) {
            view.wrote(initiative, written.metadata().offset());
            return created;
        }
        throw new KafkaUnavailableException(((KafkaWriter.Failed) outcome).reason());
    }

    /**
     * A named plan must be known and still take initiatives (draft or active). An entry
     * keeps its plan: one without (written before plans) may be given one, which is how a
     * catalog migrates; a finished plan's initiatives are carried over as new ones.
     */
    private void checkPlan(Initiative initiative, String was) {
        String plan = initiative.getPlan();
        if (was != null && !was.equals(plan)) {
            throw new InvalidInputException(List.of(new FieldProblem("plan",
                    "stays " + was + " (an initiative belongs to one plan; carry it over into another instead)")));
        }
        if (plan == null) {
            return;
        }
        PlanState state = plans.get(plan)
            .map(Plan::getState)
            .orElseThrow(() -> new InvalidInputException(List.of(new FieldProblem("plan",
                    "is not a known plan (create it first: PUT /api/v1/plans/" + plan + ")"))));
        if (state == PlanState.CLOSED || state == PlanState.ARCHIVED) {
            throw new InvalidInputException(List.of(new FieldProblem("plan",
                    "is " + state.name().toLowerCase(Locale.ROOT) + ": its initiatives no longer change")));
        }
    }

    /**
     * A carried-over initiative keeps its link and its baseline, and links to an
     * initiative that exists.
     */
    private void checkLineage(Initiative initiative, Initiative was) {
        if (was != null && (!Objects.equals(was.getCarriedFrom(), initiative.getCarriedFrom())
                || !Objects.equals(was.getBaseline(), initiative.getBaseline()))) {
            throw new InvalidInputException(List.of(new FieldProblem(
                    Objects.equals(was.getCarriedFrom(), initiative.getCarriedFrom()) ? "baseline" : "carriedFrom",
                    "stays as the carry-over set it (carriedFrom " + was.getCarriedFrom() + ", baseline "
                            + was.getBaseline() + ")")));
        }
        if (was == null && initiative.getCarriedFrom() != null && view.get(initiative.getCarriedFrom()).isEmpty()) {
            throw new InvalidInputException(List.of(new FieldProblem("carriedFrom", "is not in the catalog")));
        }
    }

    /**
     * The parent must be in the catalog, and the tree must stay a tree (no initiative its
     * own ancestor).
     */
    private void checkParent(Initiative initiative) {
        String parent = initiative.getParentId();
        Set<String> seen = new HashSet<>(List.of(initiative.getId()));
        while (parent != null) {
            if (!seen.add(parent)) {
                throw new InvalidInputException(List.of(new FieldProblem("parentId",
                        "would make a cycle: " + parent + " is already below " + initiative.getId())));
            }
            var entry = view.get(parent);
            if (entry.isEmpty()) {
                throw new InvalidInputException(List.of(new FieldProblem("parentId",
                        parent.equals(initiative.getParentId()) ? "is not in the catalog (create the parent first)"
                                : "leads to " + parent + ", which is not in the catalog")));
            }
            parent = entry.get().getParentId();
        }
    }

    List<InitiativeDocument> list() {
        return view.all()
            .stream()
            .map(CatalogMapper::toDocument)
            .sorted(Comparator.comparing(InitiativeDocument::id))
            .toList();
    }

    Optional<InitiativeDocument> get(String id) {
        return view.get(id).map(CatalogMapper::toDocument);
    }

}
