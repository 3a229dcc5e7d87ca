package io.siyu.web;

import io.siyu.engine.Explainer;
import io.siyu.engine.Profiles;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/customers/{id}}: the customer in every model, with the explanation of each value. */
@RestController
class CustomersController {
    private final Workspace workspace;
    private final TaskExpiry expiry;

    CustomersController(Workspace workspace, TaskExpiry expiry) {
        this.workspace = workspace;
        this.expiry = expiry;
    }

    @GetMapping("/api/customers/{id}")
    Map<String, Object> get(@PathVariable("id") String id, @AuthenticationPrincipal SiyuUser user) {
        // reads the live results while no fact is being applied (the customer count may grow)
        synchronized (workspace) {
            Map<String, Object> out = new LinkedHashMap<>();
            Map<String, Object> models = new LinkedHashMap<>();
            workspace.layerings().forEach((name, l) -> {
                Profiles p = l.engine().profiles();
                int c = workspace.customerIndex(l, id);
                if (c < 0) {
                    return;
                }
                checkOwner(user, p, c, id);
                out.putIfAbsent("customer_id", p.customers().id(c));
                out.putIfAbsent("owner_staff_id", p.format("owner_staff_id", c));
                io.siyu.facts.Column nameColumn = p.customers().attribute("name");
                if (nameColumn != null && !out.containsKey("name")) {
                    String full = nameColumn.format(c);
                    out.put("name", Masking.needed(user) ? Masking.name(full) : full);
                }
                boolean mask = Masking.needed(user);
                Map<String, Object> values = new LinkedHashMap<>();
                for (String column : p.outputColumns()) {
                    String v = p.formatOutput(column, c);
                    values.put(column, mask ? Masking.phones(column.equals("name") ? Masking.name(v) : v) : v);
                }
                Map<String, Object> model = new LinkedHashMap<>();
                model.put("values", values);
                String explanation = Explainer.explain(p, c).render();
                model.put("explanation", mask ? Masking.phones(explanation) : explanation);
                models.put(name, model);
            });
            if (models.isEmpty()) {
                throw new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "unknown customer '" + id + "'",
                        "give a customer_id, or an identity as kind:value (e.g. unionid:o6_abc); post a customer fact to add one");
            }
            out.put("follow_up", workspace.store().followUps().getOrDefault((String) out.get("customer_id"), "to_follow"));
            out.put("tags", manualTags(workspace.store().outcomes("tag", null, (String) out.get("customer_id"), null)));
            out.put("models", models);
            boolean mask = Masking.needed(user);
            long expiredBefore = expiry.expiredBefore();
            out.put("outcomes", workspace.store().outcomes(null, null, (String) out.get("customer_id"), null).stream()
                    .map(o -> o.expiredIfDueBefore(expiredBefore)).map(TasksController::view).map(v -> mask ? masked(v) : v).toList());
            return out;
        }
    }

    /** Tags added by playbooks and not removed since, in the order they were added. */
    static java.util.List<String> manualTags(java.util.List<io.siyu.store.OutcomeRow> tagChanges) {
        java.util.LinkedHashSet<String> tags = new java.util.LinkedHashSet<>();
        for (io.siyu.store.OutcomeRow t : tagChanges) {
            if (t.state().equals("added")) {
                tags.add(t.detail());
            } else {
                tags.remove(t.detail());
            }
        }
        return java.util.List.copyOf(tags);
    }

    /** Outcome texts name the customer ("王伟 提交了试驾表单"): operators and managers get them masked. */
    private static Map<String, Object> masked(Map<String, Object> view) {
        Map<String, Object> out = new LinkedHashMap<>(view);
        out.replaceAll((k, v) -> v instanceof String s ? Masking.phones(s) : v);
        return out;
    }

    static void checkOwner(SiyuUser user, Profiles p, int c, String id) {
        if (user.isStaff() && !user.staffId().equals(p.format("owner_staff_id", c))) {
            throw new ApiErrors.ApiException(HttpStatus.FORBIDDEN, "customer '" + id + "' belongs to another staff member",
                    "staff see only their own customers; ask a manager to transfer the customer to you");
        }
    }

}
