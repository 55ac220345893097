package org.planwatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CallerTests {

    static final Caller FINANCE = new Caller("1111111111111111", Role.DEPARTMENT, "finance", "财政局");
    static final Caller SUPERVISOR = new Caller("2222222222222222", Role.SUPERVISOR, null, "督查室");
    static final Caller ADMIN = new Caller("3333333333333333", Role.ADMIN, null, "ops");
    static final Caller HEXI = new Caller("4444444444444444", Role.SUPERVISOR, null, "河西区督查室", "hexi");

    @Test
    void aDepartmentReadsAndReportsWhatItOwnsOrSupportsOnly() {
        assertThat(FINANCE.mayRead("finance", List.of(), "heping")).isTrue();
        assertThat(FINANCE.mayReport("finance", null)).as("no supporting departments").isTrue();
        assertThat(FINANCE.mayRead("commerce", List.of("water", "finance"), "heping")).as("supports it").isTrue();
        assertThat(FINANCE.mayReport("commerce", List.of("water", "finance"))).isTrue();
        assertThat(FINANCE.mayRead("commerce", List.of("water"), "heping")).isFalse();
        assertThat(FINANCE.mayReport("commerce", null)).isFalse();
        assertThat(FINANCE.mayRead("finance-bureau", List.of("finance-x"), "heping")).as("names match whole").isFalse();
    }

    @Test
    void supervisorsAndAdminsReadEverythingButReportNothing() {
        for (Caller caller : List.of(SUPERVISOR, ADMIN)) {
            assertThat(caller.readsEverything()).isTrue();
            assertThat(caller.mayRead("commerce", null, "heping")).isTrue();
            assertThat(caller.mayRead("finance", List.of("water"), "heping")).isTrue();
            assertThat(caller.mayReport("commerce", List.of("commerce"))).as(caller.role().wireName()).isFalse();
        }
        assertThat(FINANCE.readsEverything()).isFalse();
    }

    @Test
    void aDistrictsSupervisorReadsItsOwnPlansOnly() {
        assertThat(HEXI.readsEverything()).isFalse();
        assertThat(HEXI.oversees("hexi")).isTrue();
        assertThat(HEXI.oversees("heping")).isFalse();
        assertThat(HEXI.oversees(null)).as("an initiative in no plan is the city's").isFalse();
        assertThat(HEXI.mayRead("commerce", null, "hexi")).isTrue();
        assertThat(HEXI.mayRead("commerce", List.of(), "heping")).isFalse();
        assertThat(HEXI.mayReport("commerce", List.of("commerce"))).isFalse();
        assertThat(SUPERVISOR.oversees("heping")).as("the city's").isTrue();
        assertThat(SUPERVISOR.oversees(null)).isTrue();
        assertThat(FINANCE.oversees("heping")).isFalse();
        assertThatThrownBy(() -> new Caller("x", Role.ADMIN, null, "l", "hexi"))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyThoseWhoReadEverythingLearnThatAnIdIsUnknown() {
        assertThat(HEXI.seesUnknownIds()).as("a district's supervisor, as a department").isFalse();
        assertThat(SUPERVISOR.seesUnknownIds()).isTrue();
        assertThat(ADMIN.seesUnknownIds()).isTrue();
        assertThat(FINANCE.seesUnknownIds()).as("a department gets 403 for unknown ids, as for others' ids").isFalse();
    }

    @Test
    void requireRefusesEveryOtherRoleNamingTheOneNeeded() {
        assertThatNoException().isThrownBy(() -> ADMIN.require(Role.ADMIN, "issue tokens"));
        assertThatThrownBy(() -> SUPERVISOR.require(Role.ADMIN, "issue tokens"))
            .isInstanceOf(AccessDeniedException.class)
            .hasMessage("Only the admin role may issue tokens");
        assertThatThrownBy(() -> ADMIN.require(Role.DEPARTMENT, "report progress"))
            .isInstanceOf(AccessDeniedException.class)
            .hasMessageContaining("department");
    }

    @Test
    void aDepartmentIsSetForAndOnlyForTheDepartmentRole() {
        assertThatThrownBy(() -> new Caller("x", Role.DEPARTMENT, null, "l"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Caller("x", Role.SUPERVISOR, "finance", "l"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Caller(null, Role.ADMIN, null, "l")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void rolesHaveLowerCaseWireNames() {
        assertThat(Role.DEPARTMENT.wireName()).isEqualTo("department");
        for (Role role : Role.values()) {
            assertThat(Role.fromWireName(role.wireName())).isEqualTo(role);
        }
        assertThat(Role.fromWireName("ADMIN")).isNull();
        assertThat(Role.fromWireName(null)).isNull();
    }

}
