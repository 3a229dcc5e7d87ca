package io.siyu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.engine.LayerChange;
import io.siyu.facts.Facts;
import io.siyu.playbook.Outcome;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/facts}: facts in — stored, applied, acted on — with a result per item. */
@RestController
class FactsController {
    private final Workspace workspace;

    FactsController(Workspace workspace) {
        this.workspace = workspace;
    }

    @PostMapping(path = "/api/facts", consumes = "application/json")
    Map<String, Object> post(@RequestBody JsonNode body, @AuthenticationPrincipal SiyuUser user,
                             @RequestParam(name = "ack", defaultValue = "applied") String ack) {
        IngestQueue.Ack when = switch (ack) {
            case "applied" -> IngestQueue.Ack.APPLIED;
            case "stored" -> IngestQueue.Ack.STORED;
            default -> throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "ack must be 'applied' or 'stored', not '" + ack + "'",
                    "ack=applied (the default) answers with each fact's layer changes, tasks and messages; ack=stored answers once "
                            + "the facts are durable and applies them right behind (GET /api/ingest shows the lag)");
        };
        if (user.isStaff()) {
            throw new ApiErrors.ApiException(HttpStatus.FORBIDDEN, "staff tokens cannot post facts",
                    "facts come from systems (POS, mini program, WeCom callbacks): use an operator or admin token");
        }
        ZoneId zone = workspace.factZone(); // not layerings(): that waits for the group being applied
        List<FactRequests.Item> items = refuseLeavers(FactRequests.parse(body, zone));
        List<Object> good = new ArrayList<>();
        items.forEach(i -> {
            if (i.fact() != null) {
                good.addAll(i.links()); // identity links go in with (before) the fact that implied them
                good.add(i.fact());
                good.addAll(i.items()); // an order's lines go in right after it
            }
        });
        List<Workspace.Effect> effects = workspace.ingest(good, when);
        List<Map<String, Object>> results = new ArrayList<>();
        int next = 0;
        int accepted = 0;
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("index", i);
            FactRequests.Item item = items.get(i);
            if (item.fact() == null) {
                r.put("status", "rejected");
                r.put("reason", item.error());
            } else {
                Workspace.Effect e = effects.get(next++);
                r.put("status", e.repeat() ? "repeat" : e.updated() ? "updated" : "accepted");
                accepted += e.repeat() ? 0 : 1;
                if (!e.changes().isEmpty()) {
                    r.put("changes", e.changes().stream().map(FactsController::change).toList());
                }
                if (!e.scenarios().isEmpty()) {
                    r.put("scenarios", e.scenarios());
                }
                if (!e.outcomes().isEmpty()) {
                    r.put("outcomes", e.outcomes().stream().map(FactsController::outcome).toList());
                } else if (!e.earlier().isEmpty()) {
                    r.put("outcomes", e.earlier().stream().map(TasksController::view).toList()); // what the first delivery produced
                }
                if (!e.passedOver().isEmpty()) {
                    r.put("not_acted", e.passedOver().stream().map(FactsController::notActed).toList());
                }
            }
            results.add(r);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", accepted);
        out.put("rejected", items.stream().filter(i -> i.fact() == null).count());
        out.put("results", results);
        return out;
    }

    /**
     * {@code GET /api/ingest}: facts stored and applied since start-up, how many wait to be
     * applied, and the time from stored to applied (p50, p99, max) over the groups applied in the
     * last {@code seconds} (default 60).
     */
    @GetMapping("/api/ingest")
    Map<String, Object> ingest(@AuthenticationPrincipal SiyuUser user, @RequestParam(name = "seconds", defaultValue = "60") long seconds) {
        if (user.isStaff()) {
            throw new ApiErrors.ApiException(HttpStatus.FORBIDDEN, "staff tokens cannot read ingest statistics",
                    "use an operator, manager or admin token");
        }
        if (seconds <= 0) {
            throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "seconds must be positive, not " + seconds, "e.g. ?seconds=60");
        }
        IngestStats.Snapshot s = workspace.ingestStats().snapshot(System.currentTimeMillis() - seconds * 1000);
        Map<String, Object> lag = new LinkedHashMap<>();
        lag.put("groups", s.groups());
        lag.put("p50_ms", Math.round(s.lagP50Millis() * 10) / 10.0);
        lag.put("p99_ms", Math.round(s.lagP99Millis() * 10) / 10.0);
        lag.put("max_ms", Math.round(s.lagMaxMillis() * 10) / 10.0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stored_facts", s.storedFacts());
        out.put("applied_facts", s.appliedFacts());
        out.put("pending_facts", s.pendingFacts());
        out.put("stored_to_applied", lag);
        out.put("window_seconds", seconds);
        return out;
    }

    /**
     * A customer fact that names as owner a staff member who has left is rejected (as the owner
     * route refuses them): their customers would get tasks nobody works. Unknown staff ids are
     * allowed — a staff list is optional.
     */
    private List<FactRequests.Item> refuseLeavers(List<FactRequests.Item> items) {
        if (items.stream().noneMatch(i -> i.fact() instanceof Facts.Customer c && c.attributes().get("owner_staff_id") != null)) {
            return items;
        }
        java.util.Set<String> left = new java.util.HashSet<>();
        workspace.store().staff().stream().filter(s -> !s.active()).forEach(s -> left.add(s.staffId()));
        List<FactRequests.Item> out = new ArrayList<>(items);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).fact() instanceof Facts.Customer c && left.contains(c.attributes().get("owner_staff_id"))) {
                String owner = c.attributes().get("owner_staff_id");
                out.set(i, new FactRequests.Item(null, "facts[" + i + "]: owner_staff_id '" + owner + "' has left: name an active "
                        + "staff member, or leave owner_staff_id out to keep the customer's owner"));
            }
        }
        return out;
    }

    static Map<String, Object> change(LayerChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("customer_id", c.customerId());
        m.put("layer", c.layer());
        m.put("from", c.from());
        m.put("to", c.to());
        m.put("cause", c.cause());
        return m;
    }

    static Map<String, Object> outcome(Outcome o) {
        return TasksController.view(Workspace.row(o));
    }

    private static Map<String, Object> notActed(io.siyu.playbook.PlaybookRunner.PassedOver p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("playbook", p.playbook());
        m.put("rule", p.rule());
        m.put("why", p.why());
        return m;
    }
}
