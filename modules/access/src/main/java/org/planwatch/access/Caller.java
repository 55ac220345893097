package org.planwatch.access;

import java.util.Collection;
import java.util.Objects;

/**
 * Who is calling, as established from the bearer token: the token's id (never the token),
 * its role and, for the department role, the department. Handlers take it as a parameter.
 */
public record Caller(String tokenId, Role role, String department, String label) {

    public Caller {
        Objects.requireNonNull(tokenId);
        Objects.requireNonNull(role);
        if ((role == Role.DEPARTMENT) != (department != null)) {
            throw new IllegalArgumentException("A department is set for, and only for, the department role");
        }
    }

    /** Supervisors and admins read every initiative. */
    public boolean readsEverything() {
        return role == Role.SUPERVISOR || role == Role.ADMIN;
    }

    /**
     * A department's member: the initiative's owner or one of its supporting departments.
     */
    public boolean worksOn(String owner, Collection<String> supporting) {
        return role == Role.DEPARTMENT
                && (department.equals(owner) || (supporting != null && supporting.contains(department)));
    }

    public boolean mayRead(String owner, Collection<String> supporting) {
        return readsEverything() || worksOn(owner, supporting);
    }

    /** Only departments report, and only on what they work on. */
    public boolean mayReport(String owner, Collection<String> supporting) {
        return worksOn(owner, supporting);
    }

    /**
     * What a caller who may not see an id is told about it. Departments get the same 403
     * for an initiative of another department and for an id not in the catalog, so they
     * cannot list the catalog by probing; supervisors and admins, who read everything,
     * learn that it is unknown (404).
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
