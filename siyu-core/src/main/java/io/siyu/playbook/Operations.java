package io.siyu.playbook;

import io.siyu.engine.LiveEngine;
import io.siyu.facts.Facts;
import io.siyu.facts.PersonRef;
import io.siyu.scenario.Detection;
import io.siyu.scenario.ScenarioDetector;
import java.time.Instant;
import java.util.List;

/**
 * One fact in, everything it causes out: the live engine re-layers the customer, chat messages
 * are scanned for scenarios, and the playbooks turn the result into tasks, messages or blocked
 * actions. The unit a server, a queue consumer or a test drives.
 */
public final class Operations {
    /** What one fact did. */
    public record Result(LiveEngine.Applied applied, List<String> scenarios, List<Outcome> outcomes,
                         List<PlaybookRunner.PassedOver> passedOver) {
        public Result(LiveEngine.Applied applied, List<String> scenarios, List<Outcome> outcomes) {
            this(applied, scenarios, outcomes, List.of());
        }
    }

    private final LiveEngine engine;
    private final ScenarioDetector detector;
    private final PlaybookRunner runner;
    /** Reused fact after fact (like the engine, one thread applies facts at a time): most facts pass no rule over. */
    private final List<PlaybookRunner.PassedOver> passedOver = new java.util.ArrayList<>();

    public Operations(LiveEngine engine, ScenarioDetector detector, PlaybookRunner runner) {
        this.engine = engine;
        this.detector = detector;
        this.runner = runner;
    }

    /** The same detector and playbooks (and what they remember: threshold crossings, contacts) over another engine. */
    public Operations on(LiveEngine other) {
        return new Operations(other, detector, runner);
    }

    public Result order(Facts.Order o) {
        return run(engine.apply(o), o.person(), "order:" + o.orderId(), o.orderedAt(), null, List.of());
    }

    public Result event(Facts.Event e) {
        return run(engine.apply(e), e.person(), "event:" + e.eventId(), e.occurredAt(), e.type(), List.of());
    }

    public Result message(Facts.Message m) {
        return message(m, scenarios(detector, m));
    }

    /** Applies a message whose scenarios were already detected (once for all models). */
    public Result message(Facts.Message m, List<String> scenarios) {
        return run(engine.apply(m), m.person(), "message:" + m.messageId(), m.sentAt(), null, scenarios);
    }

    /** The scenarios of a message from a customer (staff messages have none). */
    public static List<String> scenarios(ScenarioDetector detector, Facts.Message m) {
        return "out".equals(m.direction()) ? List.of() : detector.detect(m.text()).stream().map(Detection::scenario).toList();
    }

    /**
     * Runs the playbooks for layer changes that no fact caused — a population refresh, a new day —
     * once per customer; {@code occasion} (e.g. "refresh:2024-07-01T10:00Z") and the time it names,
     * {@code occasionAt}, make the idempotency keys.
     */
    public List<Outcome> changes(List<io.siyu.engine.LayerChange> changes, Instant at, String occasion, Instant occasionAt) {
        java.util.Map<String, List<io.siyu.engine.LayerChange>> byCustomer = new java.util.LinkedHashMap<>();
        changes.forEach(c -> byCustomer.computeIfAbsent(c.customerId(), k -> new java.util.ArrayList<>()).add(c));
        List<Outcome> out = new java.util.ArrayList<>();
        byCustomer.forEach((customerId, list) -> {
            int customer = engine.profiles().customers().indexOf(customerId);
            if (customer >= 0) {
                out.addAll(runner.handle(engine.profiles(), customer,
                        new PlaybookRunner.Happening(occasion, at, null, List.of(), list, occasionAt)));
            }
        });
        return out;
    }

    /** The rules with a cron schedule. */
    public List<PlaybookRunner.ScheduledRule> schedules() {
        return runner.schedules();
    }

    /** One occurrence of a scheduled rule, for every customer whose condition holds. */
    public List<Outcome> scheduled(PlaybookRunner.ScheduledRule rule, Instant occurrence, Instant at) {
        return runner.scheduled(engine.profiles(), rule, occurrence, at);
    }

    /** The once-a-day date triggers (days before / after a date value), as of {@code today}. */
    public List<Outcome> daily(java.time.LocalDate today, Instant at) {
        return runner.daily(engine.profiles(), today, at);
    }

    private Result run(LiveEngine.Applied applied, PersonRef person, String factId, long at, String eventType,
                       List<String> scenarios) {
        return after(applied, person, factId, at, eventType, scenarios);
    }

    /**
     * Runs the playbooks for a fact already applied to the engine (shared facts: added once, then
     * each model's engine recomputed); a repeat (or any fact not applied) runs none.
     */
    public Result after(LiveEngine.Applied applied, PersonRef person, String factId, long at, String eventType,
                        List<String> scenarios) {
        return after(applied, engine.customerOf(person), factId, at, eventType, scenarios);
    }

    /** Like {@link #after(LiveEngine.Applied, PersonRef, String, long, String, List)} for a customer index already looked up (-1: unknown). */
    public Result after(LiveEngine.Applied applied, int customer, String factId, long at, String eventType,
                        List<String> scenarios) {
        if (!applied.applied() || !runner.mayAct(eventType, scenarios, applied.changes())) {
            // A repeat runs no rule: its first delivery's outcomes were committed with the mark saying it
            // was applied, or are made at start-up for a fact stored but not applied before a crash. A
            // resent fact timed differently would otherwise make outcomes keyed by another occasion.
            // Nor does a fact no rule listens for (most facts): nothing is made for it.
            return new Result(applied, scenarios, List.of());
        }
        PlaybookRunner.Happening h = new PlaybookRunner.Happening(factId, Instant.ofEpochSecond(at), eventType, scenarios,
                applied.changes());
        passedOver.clear();
        List<Outcome> outcomes = runner.handle(engine.profiles(), customer, h, passedOver);
        return new Result(applied, scenarios, outcomes, passedOver.isEmpty() ? List.of() : List.copyOf(passedOver));
    }
}
