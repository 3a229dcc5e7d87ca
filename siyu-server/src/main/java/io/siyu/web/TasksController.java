package io.siyu.web;

import io.siyu.store.OutcomeRow;
import io.siyu.store.Page;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Tasks for staff and what channels delivered or the contact policy blocked. */
@RestController
class TasksController {
    private static final Set<String> TASK_STATES = Set.of("open", "done", "expired");

    private final Workspace workspace;
    private final TaskExpiry expiry;

    TasksController(Workspace workspace, TaskExpiry expiry) {
        this.workspace = workspace;
        this.expiry = expiry;
    }

    /**
     * {@code GET /api/tasks?staff=&state=&page=&size=}, oldest first; a staff token always sees only
     * its own tasks. A full page says where the next one is in a {@code Link: <…>; rel="next"} header.
     */
    @GetMapping("/api/tasks")
    ResponseEntity<List<Map<String, Object>>> tasks(@RequestParam(name = "staff", required = false) String staff,
                                                    @RequestParam(name = "state", required = false) String state,
                                                    @RequestParam(name = "page", defaultValue = "0") int page,
                                                    @RequestParam(name = "size", defaultValue = "" + DEFAULT_PAGE_SIZE) int size,
                                                    @AuthenticationPrincipal SiyuUser user) {
        if (state != null && !TASK_STATES.contains(state)) {
            throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "unknown task state '" + state + "'", "use open, done or expired");
        }
        String who = user.isStaff() ? user.staffId() : staff;
        return paged(page, size, p -> workspace.store().tasks(who, state, expiry.expiredBefore(), p));
    }

    private static final int DEFAULT_PAGE_SIZE = 100;

    /** One page of a list read with one row more, which only says whether a next page exists. */
    static ResponseEntity<List<Map<String, Object>>> paged(int page, int size, java.util.function.Function<Page, List<OutcomeRow>> read) {
        if (page < 0 || size < 1 || size > 1000 || (long) page * size > Integer.MAX_VALUE - 1000L) {
            throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "page must be ≥ 0 and size 1–1000 (page × size under 2,147,483,647), not page " + page + " and size " + size,
                    "e.g. ?page=0&size=" + DEFAULT_PAGE_SIZE);
        }
        List<OutcomeRow> rows = read.apply(Page.numberWithOneMore(page, size));
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            String next = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page", page + 1)
                    .replaceQueryParam("size", size).build().toUriString();
            answer.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return answer.body(rows.stream().map(TasksController::view).toList());
    }

    /** {@code PATCH /api/tasks/{key}} with {"state": "done"}. */
    @PatchMapping("/api/tasks/{key}")
    Map<String, Object> update(@PathVariable("key") String key, @RequestBody Map<String, String> body, @AuthenticationPrincipal SiyuUser user) {
        String state = body.get("state");
        if (state == null || !TASK_STATES.contains(state)) {
            throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "\"state\" must be open, done or expired", null);
        }
        // by the key alone: reading every task to find one took seconds with millions stored
        Optional<OutcomeRow> found = workspace.store().outcome(key)
                .filter(t -> t.kind().equals("task") && (!user.isStaff() || user.staffId().equals(t.staffId())));
        if (found.isEmpty()) {
            throw new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "no task '" + key + "'" + (user.isStaff() ? " of yours" : ""),
                    "list tasks with GET /api/tasks");
        }
        workspace.store().updateTaskState(key, state);
        return view(workspace.store().outcome(key).orElseThrow().expiredIfDueBefore(expiry.expiredBefore()));
    }

    /**
     * {@code GET /api/messages?customer=&page=&size=}: everything that was not a task — messages and
     * invitations with their delivery state (queued, sent, failed), offers, tag changes, webhook
     * calls — and actions the contact policy blocked (with the reason), oldest first, paged as tasks.
     */
    @GetMapping("/api/messages")
    ResponseEntity<List<Map<String, Object>>> messages(@RequestParam(name = "customer", required = false) String customer,
                                                       @RequestParam(name = "page", defaultValue = "0") int page,
                                                       @RequestParam(name = "size", defaultValue = "" + DEFAULT_PAGE_SIZE) int size,
                                                       @AuthenticationPrincipal SiyuUser user) {
        if (user.isStaff()) {
            throw new ApiErrors.ApiException(HttpStatus.FORBIDDEN, "staff tokens cannot list messages",
                    "see a customer's messages on GET /api/customers/{id}");
        }
        return paged(page, size, p -> workspace.store().messages(customer, p));
    }

    static Map<String, Object> view(OutcomeRow o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", o.key());
        m.put("kind", o.kind());
        m.put("playbook", o.playbook());
        m.put("rule", o.rule());
        m.put("customer_id", o.customerId());
        m.put("staff_id", o.staffId());
        m.put("channel", o.channel());
        m.put(o.kind().equals("task") ? "reason" : "text", o.body());
        m.put("blocked_because", o.reason());
        m.put("state", o.state());
        m.put("created_at", Instant.ofEpochSecond(o.createdAt()).toString());
        m.put("due_at", o.dueAt() == null ? null : Instant.ofEpochSecond(o.dueAt()).toString());
        if (o.detail() != null) {
            m.put(switch (o.kind()) {
                case "invite" -> "group";
                case "offer" -> "offer_kind";
                case "webhook" -> "url";
                default -> "tag";
            }, o.detail());
        }
        if (o.attempts() > 0 || o.state().equals("queued")) {
            m.put("attempts", o.attempts());
            m.put("last_error", o.lastError());
            m.put("delivered_at", o.deliveredAt() == null ? null : Instant.ofEpochSecond(o.deliveredAt()).toString());
        }
        return m;
    }
}
