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

    @Test
    void aDepartmentReadsAndReportsWhatItOwnsOrSupportsOnly() {
        assertThat(FINANCE.mayRead("finance", List.of())).isTrue();
        assertThat(FINANCE.mayReport("finance", null)).as("no supporting departments").isTrue();
        assertThat(FINANCE.mayRead("commerce", List.of("water", "finance"))).as("supports it").isTrue();
        assertThat(FINANCE.mayReport("commerce", List.of("water", "finance"))).isTrue();
        assertThat(FINANCE.mayRead("commerce", List.of("water"))).isFalse();
        assertThat(FINANCE.mayReport("commerce", null)).isFalse();
        assertThat(FINANCE.mayRead("finance-bureau", List.of("finance-x"))).as("names match whole").isFalse();
    }

    @Test
    void supervisorsAndAdminsReadEverythingButReportNothing() {
        for (Caller caller : List.of(SUPERVISOR, ADMIN)) {
            assertThat(caller.readsEverything()).isTrue();
            assertThat(caller.mayRead("commerce", null)).isTrue();
            assertThat(caller.mayRead("finance", List.of("water"))).isTrue();
            assertThat(caller.mayReport("commerce", List.of("commerce"))).as(caller.role().wireName()).isFalse();
        }
        assertThat(FINANCE.readsEverything()).isFalse();
    }

    @Test
    void onlyThoseWhoReadEverythingLearnThatAnIdIsUnknown() {
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
