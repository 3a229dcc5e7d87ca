package io.siyu.web;

import io.siyu.engine.Profiles;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Ownership and follow-up (C4, C6): transfers, follow-up status per customer, progress per staff member. */
@RestController
class StaffController {
    private static final Set<String> FOLLOW_UP = Set.of("to_follow", "following", "won", "lost");

    private final Workspace workspace;
    private final TaskExpiry expiry;

    StaffController(Workspace workspace, TaskExpiry expiry) {
        this.workspace = workspace;
        this.expiry = expiry;
    }

    private static boolean manages(SiyuUser user) {
        return user.role().equals("admin") || user.role().equals("manager");
    }

    /** {@code GET /api/staff}: every staff member (a staff token sees itself). */
    @GetMapping("/api/staff")
    java.util.List<Map<String, Object>> staff(@AuthenticationPrincipal SiyuUser user) {
        return workspace.store().staff().stream().filter(s -> !user.isStaff() || s.staffId().equals(user.staffId()))
                .map(StaffController::view).toList();
    }

    /**
     * {@code PUT /api/staff/{id}} {"name": "王敏", "role": "sales", "store_id": "ST1", "active": true}:
     * adds or updates a staff member; a leaver is set {@code "active": false} (then transfer their customers).
     */
    @PutMapping("/api/staff/{id}")
    Map<String, Object> saveStaff(@PathVariable("id") String id, @RequestBody Map<String, Object> body,
                                  @AuthenticationPrincipal SiyuUser user) {
        if (!manages(user)) {
            throw new ApiErrors.ApiException(HttpStatus.FORBIDDEN, "only managers and admins manage staff", null);
        }
        Set<String> unknown = new java.util.TreeSet<>(body.keySet());
        unknown.removeAll(Set.of("name", "role", "store_id", "active"));
        if (!unknown.isEmpty() || (body.get("active") != null && !(body.get("active") instanceof Boolean))) {
            throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, unknown.isEmpty() ? "\"active\" must be true or false"
                    : "unknown field(s) " + unknown, "fields: name, role, store_id, active (true/false)");
        }
        io.siyu.facts.Facts.Staff s = new io.siyu.facts.Facts.Staff(id, text(body, "name"), text(body, "role"),
                text(body, "store_id"), !Boolean.FALSE.equals(body.get("active")));
        workspace.store().saveStaff(s);
        return view(s);
    }

    private static String text(Map<String, Object> body, String key) {
        Object v = body.get(key);
        return v == null ? null : v.toString();
    }

    private static Map<String, Object> view(io.siyu.facts.Facts.Staff s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("staff_id", s.staffId());
        m.put("name", s.name());
        m.put("role", s.role());
        m.put("store_id", s.storeId());
        m.put("active", s.active());
        return m;
    }

    /** Refuses a staff member known to have left (unknown ids are allowed: staff lists are optional). */
    private void checkActive(String staffId) {
        boolean left = workspace.store().staff().stream().anyMatch(s -> s.staffId().equals(staffId) && !s.active());
        if (left) {
            throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "staff member '" + staffId + "' has left",
                    "give the customers to an active staff member (GET /api/staff)");
        }
    }

    /** {@code PUT /api/customers/{id}/owner} {"staff_id": "S0002"}: one customer to another owner. */
    @PutMapping("/api/customers/{id}/owner")
    Map<String, Object> assignOwner(@PathVariable("id") String id, @RequestBody Map<String, String> body,
                                    @AuthenticationPrincipal SiyuUser user) {
        if (!manages(user)) {
            throw new ApiErrors.ApiException(HttpStatus.FORBIDDEN, "only managers and admins assign owners", null);
        }
        String to = body.get("staff_id");
        if (to == null || to.isBlank()) {
            throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "\"staff_id\" must name the new owner", "e.g. {\"staff_id\": \"S0002\"}");
        }
        checkActive(to);
        String from = workspace.assignOwner(id, to);
        if (from == null) {
            throw new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "unknown customer '" + id + "'", "give a customer_id");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("customer_id", id);
        out.put("from", from.isEmpty() ? null : from);
        out.put("to", to);
        return out;
    }

    /** {@code POST /api/staff/{id}/transfer} {"to": "S0002"}: all of a departing staff member's customers. */
    @PostMapping("/api/staff/{id}/transfer")
    Map<String, Object> transfer(@PathVariable("id") String from, @RequestBody Map<String, String> body,
                                 @AuthenticationPrincipal SiyuUser user) {
        if (!(user.role().equals("admin") || user.role().equals("manager"))) {
            throw new ApiErrors.ApiException(HttpStatus.FORBIDDEN, "only managers and admins transfer customers", null);
        }
        String to = body.get("to");
        if (to == null || to.isBlank() || to.equals(from)) {
            throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "\"to\" must name the staff member taking the customers over",
                    "e.g. {\"to\": \"S0002\"}");
        }
        checkActive(to);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from);
        out.put("to", to);
        out.put("customers_moved", workspace.transferCustomers(from, to));
        return out;
    }

    /** {@code PUT /api/customers/{id}/follow-up} {"status": "following"}: to_follow, following, won or lost. */
    @PutMapping("/api/customers/{id}/follow-up")
    Map<String, Object> followUp(@PathVariable("id") String id, @RequestBody Map<String, String> body,
                                 @AuthenticationPrincipal SiyuUser user) {
        // reads the live results while no fact is being applied (the customer count may grow)
        synchronized (workspace) {
            String status = body.get("status");
            if (status == null || !FOLLOW_UP.contains(status)) {
                throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "\"status\" must be one of " + new java.util.TreeSet<>(FOLLOW_UP), null);
            }
            Workspace.Layering l = workspace.layerings().values().iterator().next();
            Profiles p = l.engine().profiles();
            int c = workspace.customerIndex(l, id);
            if (c < 0) {
                throw new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "unknown customer '" + id + "'", null);
            }
            CustomersController.checkOwner(user, p, c, id);
            workspace.store().setFollowUp(p.customers().id(c), status, user.staffId(), java.time.Instant.now().getEpochSecond());
            return Map.of("customer_id", p.customers().id(c), "follow_up", status);
        }
    }

    /** {@code GET /api/staff/progress}: per staff member, customers owned, tasks by state, follow-ups by status. */
    @GetMapping("/api/staff/progress")
    Map<String, Map<String, Object>> progress(@AuthenticationPrincipal SiyuUser user) {
        if (user.isStaff()) {
            throw new ApiErrors.ApiException(HttpStatus.FORBIDDEN, "progress per staff member is for managers", null);
        }
        // the store's counts are read without the workspace lock: facts keep being applied meanwhile
        Map<String, String> followUps = workspace.store().followUps();
        Map<String, Map<String, Integer>> tasks = workspace.store().taskCountsByStaff(expiry.expiredBefore());
        Map<String, Map<String, Object>> out = new TreeMap<>();
        synchronized (workspace) { // the owners are read while no fact is being applied (the customer count may grow)
            Profiles p = workspace.layerings().values().iterator().next().engine().profiles();
            ownedCustomers(p).forEach((owner, n) -> out.computeIfAbsent(owner, k -> new LinkedHashMap<>()).put("customers", n));
            followUps.forEach((customer, status) -> {
                int c = p.customers().indexOf(customer);
                String owner = c < 0 ? "" : p.format("owner_staff_id", c);
                if (!owner.isEmpty()) {
                    out.computeIfAbsent(owner, k -> new LinkedHashMap<>()).merge("follow_up_" + status, 1, (a, b) -> (Integer) a + (Integer) b);
                }
            });
        }
        tasks.forEach((staff, byState) -> byState.forEach((state, n) ->
                out.computeIfAbsent(staff, k -> new LinkedHashMap<>()).put("tasks_" + state, n)));
        return out;
    }

    /** Customers per owner: one pass over the owner column's codes (a million customers in a few ms, under the lock). */
    private static Map<String, Integer> ownedCustomers(Profiles p) {
        Map<String, Integer> out = new TreeMap<>();
        if (p.column("owner_staff_id") instanceof io.siyu.facts.StringColumn owners) {
            int[] perCode = new int[owners.dictionary().size()];
            int rows = Math.min(p.size(), owners.size());
            for (int c = 0; c < rows; c++) {
                int code = owners.code(c);
                if (code >= 0) {
                    perCode[code]++;
                }
            }
            for (int code = 0; code < perCode.length; code++) {
                String owner = owners.dictionary().decode(code);
                if (perCode[code] > 0 && !owner.isEmpty()) {
                    out.merge(owner, perCode[code], Integer::sum);
                }
            }
            return out;
        }
        for (int c = 0; c < p.size(); c++) {
            String owner = p.format("owner_staff_id", c);
            if (!owner.isEmpty()) {
                out.merge(owner, 1, Integer::sum);
            }
        }
        return out;
    }
}
