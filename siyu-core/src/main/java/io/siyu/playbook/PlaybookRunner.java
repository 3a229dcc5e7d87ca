package io.siyu.playbook;

import io.siyu.engine.LayerChange;
import io.siyu.engine.Profiles;
import io.siyu.facts.Column;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what happened to a customer into outcomes: for every playbook rule whose trigger matches
 * and whose condition holds, each action becomes a task or a message — or a {@link
 * Outcome.Blocked} with the contact policy's reason. The same happening handled twice produces
 * nothing the second time (idempotency keys), so redelivery after a crash is safe.
 */
public final class PlaybookRunner {
    /** {@code {name}}, or {@code {name|text}}: the text stands in when the customer has no value. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(\\|[^{}]*)?}");

    /**
     * What happened to one customer: the fact (id, time), its event type, chat scenarios, layer
     * changes. {@code factId} names the occasion ("refresh:…", "day:…" when no fact caused it) and
     * {@code occasionAt} its time, which starts the outcomes' keys ({@link OutcomeKey}): a fact's
     * own time, or the day or refresh the occasion names — never the clock at handling, which a
     * second handling of the same occasion would not repeat.
     */
    public record Happening(String factId, Instant at, String eventType, List<String> scenarios, List<LayerChange> changes,
                            Instant occasionAt) {
        /** A fact's happening: the occasion's time is the fact's. */
        public Happening(String factId, Instant at, String eventType, List<String> scenarios, List<LayerChange> changes) {
            this(factId, at, eventType, scenarios, changes, at);
        }
    }

    /**
     * A rule whose trigger matched but whose condition did not hold for the customer: nothing was
     * done, and {@code why} says so with the condition, where it is written and the values it read
     * — so an operator trying a playbook sees why a customer got nothing.
     */
    public record PassedOver(String playbook, String rule, String why) {}

    private final List<Playbook> playbooks;
    private final ContactLedger ledger;

    /** What the rules' triggers listen for, so a fact that fires none is told apart at once ({@link #mayAct}). */
    private final java.util.Set<String> eventTriggers = new java.util.HashSet<>();
    private final java.util.Set<String> scenarioTriggers = new java.util.HashSet<>();
    private final boolean layerTriggers;

    public PlaybookRunner(List<Playbook> playbooks, ContactLedger ledger) {
        this.playbooks = List.copyOf(playbooks);
        this.ledger = ledger;
        boolean layers = false;
        for (Playbook p : this.playbooks) {
            for (Playbook.Rule rule : p.rules()) {
                Playbook.Trigger t = rule.trigger();
                if (t instanceof Playbook.Trigger.Event e) {
                    eventTriggers.add(e.type());
                } else if (t instanceof Playbook.Trigger.Scenario sc) {
                    scenarioTriggers.add(sc.scenario());
                } else if (t instanceof Playbook.Trigger.Enter || t instanceof Playbook.Trigger.Leave) {
                    layers = true;
                }
            }
        }
        this.layerTriggers = layers;
    }

    public List<Outcome> handle(Profiles profiles, int customer, Happening h) {
        return handle(profiles, customer, h, null);
    }

    /**
     * Whether some rule could fire for a fact of this event type (null: not an event), with these
     * scenarios detected and these layer changes — asked before anything is made for the fact,
     * since most facts fire nothing (a model no playbook is written for fires nothing at all).
     */
    public boolean mayAct(String eventType, List<String> scenarios, List<LayerChange> changes) {
        if (!changes.isEmpty() && layerTriggers) {
            return true;
        }
        if (eventType != null && eventTriggers.contains(eventType)) {
            return true;
        }
        for (int i = 0; i < scenarios.size(); i++) {
            if (scenarioTriggers.contains(scenarios.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** Like {@link #handle(Profiles, int, Happening)}, adding to {@code passedOver} (when given) each triggered rule whose condition did not hold. */
    public List<Outcome> handle(Profiles profiles, int customer, Happening h, List<PassedOver> passedOver) {
        List<Outcome> out = List.of();
        // read out of the customers' id arena only when some fact moved a layer or a rule fires: most facts trigger nothing
        String customerId = h.changes().isEmpty() ? null : profiles.customers().id(customer);
        // indexed loops and no list until a rule acts: this runs for every fact and model, and most trigger nothing
        for (int pi = 0; pi < playbooks.size(); pi++) {
            Playbook p = playbooks.get(pi);
            List<Playbook.Rule> rules = p.rules();
            for (int ri = 0; ri < rules.size(); ri++) {
                Playbook.Rule rule = rules.get(ri);
                if (!triggered(rule.trigger(), h, customerId)) {
                    continue;
                }
                if (rule.condition() != null && !rule.condition().holds(profiles, customer)) {
                    if (passedOver != null) {
                        passedOver.add(new PassedOver(p.name() + "@" + p.version(), rule.name(), unmet(rule.condition(), profiles, customer)));
                    }
                    continue;
                }
                customerId = customerId != null ? customerId : profiles.customers().id(customer);
                for (int i = 0; i < rule.actions().size(); i++) {
                    String key = OutcomeKey.of(h.occasionAt().getEpochSecond(), p, rule, i, customerId, h.factId());
                    if (ledger.seen(key)) {
                        continue;
                    }
                    String actionKey = p.name() + ":" + rule.name() + ":" + i;
                    Outcome o = act(p, rule, rule.actions().get(i), key, actionKey, profiles, customer, h.at());
                    ledger.record(o, channel(rule.actions().get(i)), actionKey, h.at());
                    out = out.isEmpty() ? new ArrayList<>() : out;
                    out.add(o);
                }
            }
        }
        return out;
    }

    /** "`paid_orders >= 1` (c5-scenarios.yaml:9:9) does not hold: paid_orders = 0". */
    private static String unmet(io.siyu.engine.CheckedExpression condition, Profiles profiles, int customer) {
        io.siyu.model.ExprText t = condition.text();
        StringBuilder why = new StringBuilder("`").append(t.text().strip()).append("` (").append(t.source()).append(':')
                .append(t.line()).append(':').append(t.column()).append(") does not hold");
        String sep = ": ";
        for (String name : new java.util.TreeSet<>(condition.references())) {
            if (profiles.column(name) != null || profiles.flags(name) != null || profiles.stats().containsKey(name)) {
                String v = profiles.format(name, customer);
                why.append(sep).append(name).append(" = ").append(v.isEmpty() ? "(none)" : v);
                sep = ", ";
            }
        }
        return why.toString();
    }

    /**
     * The once-a-day check of date triggers ({@code days_before} / {@code days_after}): every
     * customer whose date value is the given number of days from {@code today} (in the model's
     * zone) goes through the rule. Keys carry the day, so a repeated check the same day does nothing.
     */
    public List<Outcome> daily(Profiles profiles, java.time.LocalDate today, Instant at) {
        List<Outcome> out = new ArrayList<>();
        ZoneId zone = profiles.model().model().zone();
        for (Playbook p : playbooks) {
            for (Playbook.Rule rule : p.rules()) {
                if (!(rule.trigger() instanceof Playbook.Trigger.DaysFrom d)) {
                    continue;
                }
                Column column = profiles.column(d.field());
                if (!(column instanceof io.siyu.facts.TimeColumn dates)) {
                    continue;
                }
                for (int c = 0; c < profiles.size(); c++) {
                    long v = dates.get(c);
                    if (v != io.siyu.facts.TimeColumn.NULL
                            && Instant.ofEpochSecond(v).atZone(zone).toLocalDate().toEpochDay() - today.toEpochDay() == d.days()) {
                        runFor(p, rule, profiles, c, "day:" + today, today.toEpochDay() * 86_400, at, out);
                    }
                }
            }
        }
        return out;
    }

    /** A playbook rule with a cron schedule. */
    public record ScheduledRule(Playbook playbook, Playbook.Rule rule, Cron cron) {
        public String id() {
            return playbook.name() + "@" + playbook.version() + ":" + rule.name();
        }
    }

    /** Every rule with a schedule trigger; the caller (a server's clock) decides when each is due. */
    public List<ScheduledRule> schedules() {
        List<ScheduledRule> out = new ArrayList<>();
        for (Playbook p : playbooks) {
            for (Playbook.Rule rule : p.rules()) {
                if (rule.trigger() instanceof Playbook.Trigger.Schedule s) {
                    out.add(new ScheduledRule(p, rule, s.schedule()));
                }
            }
        }
        return out;
    }

    /**
     * One occurrence of a scheduled rule: every customer whose condition holds goes through it.
     * Keys carry the occurrence, so running the same occurrence again (after a restart) does nothing.
     */
    public List<Outcome> scheduled(Profiles profiles, ScheduledRule s, Instant occurrence, Instant at) {
        List<Outcome> out = new ArrayList<>();
        for (int c = 0; c < profiles.size(); c++) {
            runFor(s.playbook(), s.rule(), profiles, c, "cron:" + occurrence, occurrence.getEpochSecond(), at, out);
        }
        return out;
    }

    /** Runs one rule's actions for one customer on an occasion (a day, a cron occurrence) if its condition holds. */
    private void runFor(Playbook p, Playbook.Rule rule, Profiles profiles, int c, String occasion, long occasionSecond, Instant at,
                        List<Outcome> out) {
        if (rule.condition() != null && !rule.condition().holds(profiles, c)) {
            return;
        }
        String customerId = profiles.customers().id(c);
        for (int i = 0; i < rule.actions().size(); i++) {
            String key = OutcomeKey.of(occasionSecond, p, rule, i, customerId, occasion);
            if (ledger.seen(key)) {
                continue;
            }
            String actionKey = p.name() + ":" + rule.name() + ":" + i;
            Outcome o = act(p, rule, rule.actions().get(i), key, actionKey, profiles, c, at);
            ledger.record(o, channel(rule.actions().get(i)), actionKey, at);
            out.add(o);
        }
    }

    private static boolean triggered(Playbook.Trigger t, Happening h, String customerId) {
        if (t instanceof Playbook.Trigger.DaysFrom || t instanceof Playbook.Trigger.Schedule) {
            return false; // run by daily() and scheduled(), not by facts
        }
        if (t instanceof Playbook.Trigger.Event e) {
            return e.type().equals(h.eventType());
        }
        if (t instanceof Playbook.Trigger.Scenario s) {
            return h.scenarios().contains(s.scenario());
        }
        boolean enter = t instanceof Playbook.Trigger.Enter;
        String layer = enter ? ((Playbook.Trigger.Enter) t).layer() : ((Playbook.Trigger.Leave) t).layer();
        String value = enter ? ((Playbook.Trigger.Enter) t).value() : ((Playbook.Trigger.Leave) t).value();
        List<LayerChange> changes = h.changes();
        for (int i = 0; i < changes.size(); i++) { // indexed: asked for every rule of every fact, and List.of()'s iterator is an object
            LayerChange c = changes.get(i);
            if (c.layer().equals(layer) && value.equals(enter ? c.to() : c.from()) && c.customerId().equals(customerId)) {
                return true;
            }
        }
        return false;
    }

    /** The channel an action counts against: "staff" for tasks, the message channel, or the action's own lane. */
    private static String channel(Playbook.Action a) {
        if (a instanceof Playbook.Action.Message m) {
            return m.channel();
        }
        if (a instanceof Playbook.Action.Invite i) {
            return i.channel();
        }
        if (a instanceof Playbook.Action.Offer) {
            return "till";
        }
        if (a instanceof Playbook.Action.Tag) {
            return "tags";
        }
        return a instanceof Playbook.Action.Webhook ? "webhook" : "staff";
    }

    /**
     * Tasks, messages and invitations reach the customer (a task asks staff to contact them), so the
     * contact policy decides them; an offer answers the customer's own scan-to-pay, and tags and
     * webhooks do not reach the customer at all.
     */
    private static boolean contactsCustomer(Playbook.Action a) {
        return a instanceof Playbook.Action.Task || a instanceof Playbook.Action.Message || a instanceof Playbook.Action.Invite;
    }

    private static String kindOf(Playbook.Action a) {
        return a instanceof Playbook.Action.Task ? "task" : a instanceof Playbook.Action.Invite ? "invite" : "message";
    }

    private Outcome act(Playbook p, Playbook.Rule rule, Playbook.Action action, String key, String actionKey,
                        Profiles profiles, int customer, Instant at) {
        String customerId = profiles.customers().id(customer);
        String channel = channel(action);
        if (contactsCustomer(action)) {
            String blocked = blockedBecause(p, rule, actionKey, profiles, customer, channel, at);
            if (blocked != null) {
                return new Outcome.Blocked(key, p.name(), rule.name(), customerId, channel, kindOf(action), blocked, at);
            }
        }
        if (action instanceof Playbook.Action.Task t) {
            String owner = attribute(profiles, "owner_staff_id", customer);
            return new Outcome.Task(key, p.name(), rule.name(), customerId, owner.isEmpty() ? "unassigned" : owner,
                    fill(t.reason(), profiles, customer), at, at.plus(t.due()));
        }
        if (action instanceof Playbook.Action.Invite i) {
            String group = fill(i.group(), profiles, customer);
            return new Outcome.Invite(key, p.name(), rule.name(), customerId, i.channel(), group,
                    fill(i.template(), profiles, customer, group), at);
        }
        if (action instanceof Playbook.Action.Offer o) {
            return new Outcome.Offer(key, p.name(), rule.name(), customerId, o.kind(), fill(o.template(), profiles, customer), at);
        }
        if (action instanceof Playbook.Action.Tag t) {
            return new Outcome.Tagging(key, p.name(), rule.name(), customerId, t.tag(), t.add(), at);
        }
        if (action instanceof Playbook.Action.Webhook w) {
            return new Outcome.Webhook(key, p.name(), rule.name(), customerId, w.url(),
                    w.template() == null ? null : fill(w.template(), profiles, customer), at);
        }
        Playbook.Action.Message m = (Playbook.Action.Message) action;
        return new Outcome.Message(key, p.name(), rule.name(), customerId, m.channel(), fill(m.template(), profiles, customer), at);
    }

    /** The contact policy's verdict: null when the action may go, else why not (shown on the customer). */
    private String blockedBecause(Playbook p, Playbook.Rule rule, String actionKey, Profiles profiles, int customer,
                                  String channel, Instant at) {
        ContactPolicy policy = p.policy();
        String customerId = profiles.customers().id(customer);
        String dnc = attribute(profiles, "do_not_contact", customer).toLowerCase(Locale.ROOT);
        if (dnc.equals("true") || dnc.equals("1") || dnc.equals("yes") || dnc.equals("是")) {
            return "do not contact: the customer asked not to be contacted";
        }
        String consent = attribute(profiles, "consent", customer).toLowerCase(Locale.ROOT);
        if (consent.equals("false") || consent.equals("0") || consent.equals("no") || consent.equals("否")) {
            return "no consent: the customer has not agreed to be contacted";
        }
        ZoneId zone = zoneOf(profiles, customer);
        java.time.LocalTime local = at.atZone(zone).toLocalTime();
        if (policy.isQuiet(local)) {
            return "quiet hours " + policy.quietFrom() + "–" + policy.quietTo() + " in " + zone + " (it is " + local.withNano(0) + ")";
        }
        int cap = policy.capFor(channel);
        int recent = ledger.contactsSince(customerId, channel, at.minus(policy.window()));
        if (recent >= cap) {
            return "frequency cap: " + recent + " contacts on '" + channel + "' in the last " + policy.window().toDays()
                    + " days (at most " + cap + ")";
        }
        Instant last = ledger.lastTime(customerId, actionKey);
        if (last != null && last.isAfter(at.minus(policy.dedupWindow()))) {
            return "duplicate: rule '" + rule.name() + "' already reached this customer at " + last;
        }
        return null;
    }

    private static ZoneId zoneOf(Profiles profiles, int customer) {
        String tz = attribute(profiles, "timezone", customer);
        try {
            return tz.isEmpty() ? profiles.model().model().zone() : ZoneId.of(tz);
        } catch (java.time.DateTimeException e) {
            return profiles.model().model().zone();
        }
    }

    private static String attribute(Profiles profiles, String name, int customer) {
        String v = profiles.format(name, customer);
        if (!v.isEmpty()) {
            return v;
        }
        Column c = profiles.customers().attribute(name);
        return c == null || customer >= c.size() ? "" : c.format(customer);
    }

    /** Fills {name}-style placeholders from the customer's values (customer_id included); {name|text} gives text when there is none. */
    static String fill(String template, Profiles profiles, int customer) {
        return fill(template, profiles, customer, null);
    }

    /** Like {@link #fill(String, Profiles, int)}, with {@code {group}} standing for {@code group} when it is given. */
    static String fill(String template, Profiles profiles, int customer, String group) {
        String[] parts = TEMPLATES.computeIfAbsent(template, PlaybookRunner::split);
        if (parts.length == 1) {
            return parts[0];
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        for (int i = 0; i < parts.length; i++) {
            if (i % 2 == 0) {
                out.append(parts[i]);
            } else if (group != null && parts[i].equals("group")) {
                out.append(group);
            } else {
                int bar = parts[i].indexOf('|');
                String name = bar < 0 ? parts[i] : parts[i].substring(0, bar);
                String value = name.equals("customer_id") ? profiles.customers().id(customer) : attribute(profiles, name, customer);
                out.append(value.isEmpty() && bar >= 0 ? parts[i].substring(bar + 1) : value);
            }
        }
        return out.toString();
    }

    /** Templates split once into text and placeholder names, alternating (text first): filling is then a walk, not a regex. */
    private static final java.util.concurrent.ConcurrentHashMap<String, String[]> TEMPLATES = new java.util.concurrent.ConcurrentHashMap<>();

    private static String[] split(String template) {
        List<String> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int at = 0;
        while (m.find()) {
            parts.add(template.substring(at, m.start()));
            parts.add(m.group(2) == null ? m.group(1) : m.group(1) + m.group(2)); // "name" or "name|stand-in"
            at = m.end();
        }
        parts.add(template.substring(at));
        return parts.toArray(String[]::new);
    }
}
