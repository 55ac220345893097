package org.planwatch.access;

import java.util.Collection;
import java.util.Objects;

/**
 * Who is calling, as established from the bearer token: the token's id (never the token),
 * its role, for the department role the department, and for a district's supervisor the
 * plan owner it oversees. Handlers take it as a parameter.
 */
public record Caller(String tokenId, Role role, String department, String label, String owner) {

    public Caller {
        Objects.requireNonNull(tokenId);
        Objects.requireNonNull(role);
        if ((role == Role.DEPARTMENT) != (department != null)) {
            throw new IllegalArgumentException("A department is set for, and only for, the department role");
        }
        if (owner != null && role != Role.SUPERVISOR) {
            throw new IllegalArgumentException("An owner is set for the supervisor role only");
        }
    }

    public Caller(String tokenId, Role role, String department, String label) {
        this(tokenId, role, department, label, null);
    }

    /** Admins and the city's supervisors read every initiative of every plan. */
    public boolean readsEverything() {
        return role == Role.ADMIN || role == Role.SUPERVISOR && owner == null;
    }

    /**
     * Oversees the plans of {@code planOwner} (null for an initiative in no plan): admins
     * and the city's supervisors every plan, a district's supervisor its own.
     */
    public boolean oversees(String planOwner) {
        return readsEverything() || role == Role.SUPERVISOR && owner.equals(planOwner);
    }

    /**
     * A department's member: the initiative's owner or one of its supporting departments.
     */
    public boolean worksOn(String owner, Collection<String> supporting) {
        return role == Role.DEPARTMENT
                && (department.equals(owner) || (supporting != null && supporting.contains(department)));
    }

    /**
     * @param planOwner the owner of the initiative's plan (null for none)
     */
    public boolean mayRead(String owner, Collection<String> supporting, String planOwner) {
        return oversees(planOwner) || worksOn(owner, supporting);
    }

    /** Only departments report, and only on what they work on. */
    public boolean mayReport(String owner, Collection<String> supporting) {
        return worksOn(owner, supporting);
    }

    /**
     * What a caller who may not see an id is told about it. Departments get the same 403
     * for an initiative of another department and for an id not in the catalog, so they
     * cannot list the catalog by probing, and so does a district's supervisor; the city's
     * supervisors and admins, who read everything, learn that it is unknown (404).
     */
    public boolean seesUnknownIds() {
        return readsEverything();
    }

    public void require(Role needed, String what) {
        if (role != needed) {
            throw new AccessDeniedException("Only the " + needed.wireName() + " role may " + what);
        }
    }
}
