package org.planwatch.access;

import java.util.Locale;

/**
 * What a token may do. {@code department}: report on, and read, the initiatives its
 * department owns or supports. {@code supervisor}: read everything. {@code admin}: manage
 * the catalog and the tokens, and read everything. No role may do another's part: an
 * admin reports nothing, so that a report always names the department that made it.
 */
public enum Role {

    DEPARTMENT, SUPERVISOR, ADMIN;

    /**
     * The name in JSON and in documentation: {@code department}, {@code supervisor},
     * {@code admin}.
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @return the role, or null when {@code name} is none
     */
    public static Role fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        return null;
    }

}
