package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.planwatch.publisher.catalog.InitiativeDocument;

import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped demo catalog is the plan the reference text describes, moved to the current
 * year.
 */
class CatalogFileTests {

    final CatalogFile catalog = CatalogFile.load(JsonMapper.builder().build());

    @Test
    void holdsEveryNamedInitiativeUnderTheFourPrograms() {
        assertThat(catalog.initiatives()).hasSizeGreaterThanOrEqualTo(60);
        assertThat(catalog.programs()).extracting(CatalogFile.Named::id)
            .containsExactlyInAnyOrder("economy", "reform", "livelihood", "ecology");
        Map<String, Long> perProgram = catalog.initiatives()
            .stream()
            .collect(Collectors.groupingBy(InitiativeDocument::program, Collectors.counting()));
        assertThat(perProgram).containsOnlyKeys("economy", "reform", "livelihood", "ecology");
        assertThat(catalog.initiatives()).extracting(InitiativeDocument::department)
            .allMatch(d -> catalog.departments().stream().anyMatch(n -> n.id().equals(d)));
    }

    @Test
    void carriesTheNumericTargetsThePlanGives() {
        Map<String, Double> targets = catalog.initiatives()
            .stream()
            .filter(i -> i.kpis() != null)
            .flatMap(i -> i.kpis().stream().map(k -> Map.entry(i.name(), k.target())))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(targets).containsEntry("打好洋楼招商攻坚战", 90.0)
            .containsEntry("高标准实施20项民心工程", 20.0)
            .containsEntry("开展14项主题救助活动", 14.0)
            .containsEntry("全力推进5个三年作战计划", 5.0)
            .containsEntry("落实赴广东省学习考察各项要求的32项具体举措", 32.0);
        assertThat(catalog.initiatives().stream().filter(i -> "five-three-year-plans".equals(i.parentId()))).hasSize(5);
    }

    @Test
    void isMovedToTheCurrentYearKeepingMonthAndDay() {
        CatalogFile shifted = catalog.shiftedTo(2026);
        InitiativeDocument first = catalog.initiatives().get(0);
        InitiativeDocument moved = shifted.initiatives().get(0);
        assertThat(moved.dueDate()).isEqualTo(first.dueDate().withYear(2026));
        assertThat(moved.startDate().getDayOfMonth()).isEqualTo(first.startDate().getDayOfMonth());
        assertThat(shifted.initiatives())
            .allMatch(i -> i.startDate().getYear() == 2026 && i.dueDate().getYear() == 2026);
    }

    @Test
    void isOneDistrictsPlanAndEveryInitiativeBelongsToItOnceMoved() {
        assertThat(catalog.plan().id()).isEqualTo("heping-2019");
        assertThat(catalog.plan().ownerName()).isEqualTo("和平区");
        CatalogFile shifted = catalog.shiftedTo(2026);
        assertThat(shifted.plan().id()).isEqualTo("heping-2026");
        assertThat(shifted.plan().name()).isEqualTo("和平区2026年重点工作");
        assertThat(shifted.plan().periodStart()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(shifted.plan().periodEnd()).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(shifted.initiatives()).extracting(InitiativeDocument::plan).containsOnly("heping-2026");
    }

    @Test
    void listsParentsBeforeTheirChildren() {
        var ordered = catalog.parentsFirst();
        assertThat(ordered).hasSameSizeAs(catalog.initiatives());
        for (int i = 0; i < ordered.size(); i++) {
            String parent = ordered.get(i).parentId();
            if (parent != null) {
                assertThat(ordered.subList(0, i)).extracting(InitiativeDocument::id).contains(parent);
            }
        }
    }

    @Test
    void simulatedExpectationIsLinearFromStartToDue() {
        InitiativeDocument doc = catalog.shiftedTo(2026).initiatives().get(0);
        assertThat(Simulator.expected(doc, doc.startDate())).isZero();
        assertThat(Simulator.expected(doc, doc.dueDate())).isEqualTo(1.0);
        assertThat(Simulator.expected(doc, LocalDate.of(2030, 1, 1))).isEqualTo(1.0);
    }

}
