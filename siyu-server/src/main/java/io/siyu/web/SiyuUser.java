package io.siyu.web;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who is calling: a role (admin, operator, manager, staff) and, for staff, their staff id —
 * staff see only their own customers and tasks.
 */
record SiyuUser(String name, String role, String staffId) {
    static final Set<String> ROLES = Set.of("admin", "operator", "manager", "staff");

    boolean isStaff() {
        return role.equals("staff");
    }

    /** Parses {@code token:role[:staffId]} entries into token → user; a malformed entry stops start-up. */
    static Map<String, SiyuUser> fromTokens(java.util.List<String> entries) {
        Map<String, SiyuUser> users = new java.util.HashMap<>();
        for (String entry : entries) {
            String[] p = entry.strip().split(":");
            if (p.length < 2 || !ROLES.contains(p[1].toLowerCase(Locale.ROOT)) || (p[1].equals("staff") && p.length < 3)) {
                throw new IllegalArgumentException("bad siyu.tokens entry '" + entry + "': write TOKEN:ROLE with ROLE one of "
                        + ROLES + ", and TOKEN:staff:STAFF_ID for a staff member");
            }
            String role = p[1].toLowerCase(Locale.ROOT);
            users.put(p[0], new SiyuUser(role + (p.length > 2 ? ":" + p[2] : ""), role, p.length > 2 ? p[2] : null));
        }
        return users;
    }
}
