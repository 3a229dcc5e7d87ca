package io.siyu.engine;

import io.siyu.facts.Column;
import io.siyu.facts.Dataset;
import io.siyu.facts.FactTable;
import io.siyu.facts.Facts;
import io.siyu.facts.NumberColumn;
import io.siyu.facts.PersonRef;
import io.siyu.facts.StringColumn;
import io.siyu.facts.TimeColumn;
import io.siyu.model.Definition;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Keeps a model's results current as facts arrive one at a time (增量计算). Applying a fact to a
 * customer is a pure function of that customer's facts: their traits and points are recomputed
 * with the batch engine's own aggregators over their rows alone, then their derived values,
 * tiers, tags and segments are re-evaluated, and every layer they moved is returned as a
 * {@link LayerChange}. Population values — statistics, scores, ranks, selections — are not
 * touched per fact: they stay as of the last {@link #refreshPopulation()}, after which every
 * value equals what {@link BatchEngine} computes over the same facts as of the same instant.
 *
 * <p>Not thread-safe: feed it from one thread (or one per customer partition). Facts for
 * customers unknown to the loaded data, identity links and order items are refused with a reason
 * (they need a rebuild: a new {@code LiveEngine} over the reloaded data).
 */
public final class LiveEngine {
    /** The outcome of one fact: whether it was applied (else why not) and the layers it moved. */
    public record Applied(boolean applied, String reason, List<LayerChange> changes) {
        static Applied refused(String reason) {
            return new Applied(false, reason, List.of());
        }
    }

    private final CompiledModel compiled;
    private final Dataset data;
    private final Instant asOf;
    private final long asOfSecond;
    private final ZoneId zone;
    private final LiveFacts facts;
    private final List<List<Definition.Trait>> traitGroups;
    /** Every layer of the model (tiers, stages, tags, segments), in model order. */
    private final String[] layerNames;
    /** The fact tables this model's aggregates read: a fact of any other table cannot move a layer. */
    private final java.util.Set<String> tablesRead = new java.util.HashSet<>();
    private final List<Definition.Points> points;
    private final List<Definition.Stage> stages;
    /** Which added rows can change each trait group, points plan and stage (same order as their lists). */
    private final RowGate[] traitGates;
    private final RowGate[] pointsGates;
    private final RowGate[] stageGates;
    private final StageMachine[] stageMachines;
    /** Trait groups whose filter is exactly their gate and whose aggregates all move by one added row alone. */
    private final boolean[] deltaGroups;
    private final long asOfDay;
    /** The trait groups over each fact table, by index into {@link #traitGroups}. */
    private final Map<String, int[]> groupsByTable = new java.util.HashMap<>();
    /** Each layer's current values, in {@link #layerNames} order: its flags (tags, segments) or its column (tiers, stages). */
    private Object[] layerValues;
    private double[] spend;
    private double[] paidOrders;
    private Profiles profiles;
    /** Re-evaluates each customer-level definition for one customer, in evaluation order. */
    private IntConsumer[] plans;
    /** Which plans read which per-fact values. */
    private final PlanSteps steps;
    /** The plans due for the customer being recomputed (cleared as they run). */
    private final boolean[] dueSteps;

    public LiveEngine(CompiledModel compiled, Dataset data, Instant asOf) {
        this(compiled, new LiveFacts(data, compiled.model().zone()), asOf);
    }

    /** An engine over facts shared with other models' engines: add each fact once there, then {@link #recompute}. */
    public LiveEngine(CompiledModel compiled, LiveFacts facts, Instant asOf) {
        this.compiled = compiled;
        this.facts = facts;
        this.data = facts.data();
        this.asOf = asOf;
        this.asOfSecond = asOf.getEpochSecond();
        this.zone = compiled.model().zone();
        this.traitGroups = BatchEngine.traitGroups(compiled);
        this.layerNames = compiled.model().definitions().stream()
                .filter(Definition::isLayer).map(Definition::name)
                .toArray(String[]::new);
        tablesRead.addAll(tablesRead(compiled));
        this.points = compiled.model().all(Definition.Points.class);
        this.stages = compiled.model().all(Definition.Stage.class);
        this.traitGates = traitGroups.stream().map(this::gateOf).toArray(RowGate[]::new);
        this.pointsGates = points.stream().map(this::gateOf).toArray(RowGate[]::new);
        this.stageGates = stages.stream().map(this::gateOf).toArray(RowGate[]::new);
        this.stageMachines = stages.stream().map(st -> new StageMachine(st, zone)).toArray(StageMachine[]::new);
        this.asOfDay = io.siyu.facts.Timestamps.localEpochDay(asOfSecond, zone);
        for (int g = 0; g < traitGroups.size(); g++) {
            int[] known = groupsByTable.getOrDefault(traitGroups.get(g).get(0).table(), new int[0]);
            int[] more = java.util.Arrays.copyOf(known, known.length + 1);
            more[known.length] = g;
            groupsByTable.put(traitGroups.get(g).get(0).table(), more);
        }
        this.deltaGroups = new boolean[traitGroups.size()];
        for (int g = 0; g < deltaGroups.length; g++) {
            List<Definition.Trait> group = traitGroups.get(g);
            CheckedExpression where = compiled.expression(group.get(0).name(), "where");
            deltaGroups[g] = (where == null || where.isRequiredStringsExact()) && group.stream().allMatch(t -> DELTA.contains(t.aggregate()));
        }
        this.profiles = new BatchEngine().evaluate(compiled, data, asOf);
        this.spend = profiles.spend().values().clone();
        this.paidOrders = profiles.paidOrders().values().clone();
        this.plans = plan(profiles);
        this.steps = new PlanSteps(compiled, java.util.Arrays.asList(layerNames), traitGroups, points, stages);
        this.dueSteps = new boolean[steps.size()];
        if (steps.size() != plans.length) {
            throw new IllegalStateException("planned " + plans.length + " steps but found the inputs of " + steps.size());
        }
        groupTargets = null; // profile columns may have been replaced
    }

    /**
     * The same model over the same facts as of a later instant (the next local day), equal to a
     * batch run as of {@code later}: days since, windows and timed stages move. Costs one batch
     * evaluation of the loaded rows plus one recomputation per customer who has own tables (none
     * after {@link LiveFacts#compact}) — not a reload of every stored fact (minutes at a million customers).
     */
    public LiveEngine movedTo(Instant later) {
        if (later.isBefore(asOf)) {
            throw new IllegalArgumentException("cannot move an engine back in time: " + later + " is before its as-of " + asOf);
        }
        LiveEngine next = new LiveEngine(compiled, facts, later);
        int[] touched = facts.customersWithOwnFacts();
        for (int c : touched) {
            next.recompute(c, null, "as of " + later);
        }
        if (touched.length > 0) { // the batch saw only their loaded rows: population values follow their facts too
            next.refreshPopulation();
        }
        return next;
    }

    public Instant asOf() {
        return asOf;
    }

    /** Rows in the group's window passing what its filter requires. */
    private RowGate gateOf(List<Definition.Trait> group) {
        Definition.Trait first = group.get(0);
        CheckedExpression where = compiled.expression(first.name(), "where");
        long after = first.within() == null ? Long.MIN_VALUE : asOfSecond - first.within().getSeconds();
        return RowGate.of(after, asOfSecond, where == null ? Map.of() : where.requiredStrings());
    }

    /** Events of a rule's type passing what its filter requires, before they expire. */
    private RowGate gateOf(Definition.Points p) {
        long after = p.expireAfter() == null ? Long.MIN_VALUE : asOfSecond - p.expireAfter().getSeconds();
        List<RowGate> rules = new ArrayList<>();
        for (int i = 0; i < p.rules().size(); i++) {
            CheckedExpression where = compiled.expression(p.name(), "rules[" + i + "].where");
            Map<String, java.util.Set<String>> required = new java.util.HashMap<>(where == null ? Map.of() : where.requiredStrings());
            java.util.Set<String> type = new java.util.HashSet<>(java.util.Set.of(p.rules().get(i).eventType()));
            type.retainAll(required.getOrDefault("type", type));
            required.put("type", type);
            rules.add(RowGate.of(after, asOfSecond, required));
        }
        return RowGate.anyOf(rules);
    }

    /** Events of the types that set, lift or hold a stage's timers: no other event moves it. */
    private RowGate gateOf(Definition.Stage st) {
        java.util.Set<String> types = new java.util.HashSet<>();
        if (st.setByEvent() != null) {
            types.add(st.setByEvent());
        }
        st.up().forEach(u -> types.add(u.eventType()));
        st.down().stream().map(Definition.StageDown::unless).filter(u -> u != null).forEach(types::add);
        return RowGate.of(Long.MIN_VALUE, asOfSecond, Map.of("type", types));
    }

    /** The fact tables a model's aggregates, points and stages read: a fact of any other table cannot move its layers. */
    public static java.util.Set<String> tablesRead(CompiledModel compiled) {
        java.util.Set<String> read = new java.util.HashSet<>();
        BatchEngine.traitGroups(compiled).forEach(g -> read.add(g.get(0).table()));
        if (!compiled.model().all(Definition.Points.class).isEmpty() || !compiled.model().all(Definition.Stage.class).isEmpty()) {
            read.add("events");
        }
        return read;
    }

    /** The customer index a reference points at, or -1 when no loaded customer has it. */
    public int customerOf(PersonRef ref) {
        return facts.customerOf(ref);
    }

    /** The current results (population values as of the last refresh). */
    public Profiles profiles() {
        return profiles;
    }

    public Applied apply(Facts.Order o) {
        return apply(o.orderedAt(), "orders", "order " + o.orderId(), () -> facts.add(o));
    }

    public Applied apply(Facts.Event e) {
        return apply(e.occurredAt(), "events", "event " + e.type(), () -> facts.add(e));
    }

    public Applied apply(Facts.Message m) {
        return apply(m.sentAt(), "messages", "message " + m.messageId(), () -> facts.add(m));
    }

    private Applied apply(long time, String table, String cause, java.util.function.Supplier<LiveFacts.Added> add) {
        if (time > asOfSecond) {
            return Applied.refused(cause + " at " + Instant.ofEpochSecond(time) + " is after the engine's as-of " + asOf);
        }
        LiveFacts.Added added = add.get();
        if (!added.added()) {
            return Applied.refused(added.refusal());
        }
        return new Applied(true, null, recompute(added.customer(), table, cause));
    }

    /**
     * Re-layers one customer after a fact was added to the shared {@link LiveFacts} (by another
     * engine or by the caller) and reports what moved.
     */
    public Applied recomputed(int customer, String cause) {
        return new Applied(true, null, recompute(customer, null, cause));
    }

    /** Like {@link #recomputed(int, String)} after a fact of {@code table} (orders, events, messages) only. */
    public Applied recomputed(int customer, String table, String cause) {
        return new Applied(true, null, recompute(customer, table, cause));
    }

    /**
     * Takes in a customer just added to the shared {@link LiveFacts} ({@link LiveFacts#addCustomer}):
     * makes room for them in every result, sets the model's attributes from {@code attributes} as a
     * batch run would read them, and layers them. A new customer has no layer to move from, so
     * nothing is reported; their later facts move them as usual. Population values include them
     * from the next refresh.
     */
    public void customerAdded(int c, Map<String, String> attributes) {
        if (c != profiles.size() - 1) {
            throw new IllegalArgumentException("customer " + c + " is not the one just added (" + (profiles.size() - 1) + ")");
        }
        profiles.appendCustomer();
        if (c >= spend.length) { // by half again: customers arriving one by one do not copy the arrays each time
            spend = java.util.Arrays.copyOf(spend, c + (c >> 1) + 16);
            paidOrders = java.util.Arrays.copyOf(paidOrders, spend.length);
        }
        setAttributes(c, attributes);
        plans = plan(profiles);
        groupTargets = null; // profile columns may have been replaced
        recompute(c, null, "customer added");
    }

    /**
     * A loaded customer's attributes changed (consent withdrawn, a birthday given, …): sets the
     * model's attributes from {@code attributes} — all of the customer's, as a batch run would read
     * them — re-layers the customer and reports what moved.
     */
    public Applied customerChanged(int c, Map<String, String> attributes, String cause) {
        setAttributes(c, attributes);
        return new Applied(true, null, recompute(c, null, cause));
    }

    /** The model's attributes of one customer from their text values, read as a batch run reads them. */
    private void setAttributes(int c, Map<String, String> attributes) {
        compiled.model().attributes().forEach((name, type) -> {
            // the value as a batch run would read it: the same coercion, on a one-row column
            StringColumn text = new StringColumn(name, 1);
            String v = attributes.get(name);
            text.append(v == null || v.isEmpty() ? null : v);
            Object typed = Coercion.to(text, type, name, 1, zone);
            if (typed instanceof Flags one) {
                Flags f = profiles.attributeFlags(name);
                if (f != null) {
                    f.set(c, one.get(0));
                }
            } else {
                copyInto((Column) typed, profiles.column(name), c);
            }
        });
    }

    /** Whether a fact of {@code table} (null: any) can change a value of this model. */
    private boolean reads(String table) {
        return table == null || tableUse(table).read();
    }

    /** The trait groups over {@code table}. */
    private int[] groupsOver(String table) {
        return tableUse(table).groups();
    }

    /**
     * What this model does with one fact table, kept for each table asked about: facts name their
     * table with a handful of literals, found here by identity — two hash lookups per fact and model
     * were a visible share of applying a fact.
     */
    private record TableUse(String table, boolean read, int[] groups) {}

    /** Copied on write, so a reader on another thread sees a whole array. */
    private volatile TableUse[] tableUses = {};

    private TableUse tableUse(String table) {
        TableUse[] uses = tableUses;
        for (TableUse use : uses) {
            if (use.table() == table) {
                return use;
            }
        }
        for (TableUse use : uses) {
            if (use.table().equals(table)) {
                return use;
            }
        }
        TableUse use = new TableUse(table, tablesRead.contains(table), groupsByTable.getOrDefault(table, NO_GROUPS));
        if (uses.length < 8) { // names built at run time could be endless: the first few are kept
            TableUse[] more = java.util.Arrays.copyOf(uses, uses.length + 1);
            more[uses.length] = use;
            tableUses = more;
        }
        return use;
    }

    /**
     * Recomputes one customer from their facts — only the aggregates over {@code table} (null: all),
     * since a fact changes nothing else — and reports the layers they moved.
     */
    private List<LayerChange> recompute(int c, String table, String cause) {
        // the row just added, when the fact was one row of one table: aggregates it cannot change are skipped
        int row = table == null ? -1 : facts.lastRow(c, table);
        FactTable added = row < 0 ? null : facts.lastAdded(); // the day's rows: no copy of the customer's loaded rows
        if (table == null || table.equals("orders")) {
            if (added != null) {
                addSpend(c, added, row); // one order moves the totals by itself: no copy of the customer's orders
            } else {
                updateSpend(c, facts.table(c, "orders"));
            }
        }
        if (!reads(table)) {
            return List.of(); // e.g. a chat message for a model that only reads orders
        }
        boolean all = table == null; // attributes or several tables changed: re-evaluate everything
        boolean anyDue = false;
        for (int g : all ? allGroups() : groupsOver(table)) {
            List<Definition.Trait> group = traitGroups.get(g);
            if (added != null && !traitGates[g].admits(added, row)) {
                continue;
            }
            int delta = deltaGroups[g] && added != null ? addRow(g, added, row, c) : -1;
            boolean changed = delta == 1;
            if (delta < 0) {
                for (Column single : BatchEngine.computeTraitGroup(compiled, group, facts.table(c, group.get(0).table()), 1, asOfSecond, zone)) {
                    changed |= copyInto(single, profiles.column(single.name()), c);
                }
            }
            if (changed) {
                anyDue |= markDue(steps.afterGroup(g));
            }
        }
        // the customer's layers before, read only where one may move (traits and points are not layers)
        int[] before = null;
        if (all || table.equals("events")) {
            for (int i = 0; i < points.size(); i++) {
                Definition.Points p = points.get(i);
                if (added == null || pointsGates[i].admits(added, row)) {
                    if (copyInto(BatchEngine.computePoints(compiled, p, facts.table(c, "events"), 1, asOfSecond, zone),
                            profiles.column(p.name()), c)) {
                        anyDue |= markDue(steps.afterPoints(i));
                    }
                }
            }
            for (int i = 0; i < stages.size(); i++) {
                Definition.Stage st = stages.get(i);
                if (added != null && !stageGates[i].admits(added, row)) {
                    continue;
                }
                before = capture(before, c, steps.stageLayer(i));
                Column[] single = BatchEngine.computeStage(compiled, stageMachines[i], st, facts.table(c, "events"),
                        BatchEngine.addedAt(profiles, c, 1), 1, asOfSecond, zone);
                boolean changed = copyInto(single[0], profiles.column(st.name()), c);
                changed |= copyInto(single[1], profiles.column(st.sinceName()), c);
                if (changed) {
                    anyDue |= markDue(steps.afterStage(i));
                }
            }
        }
        if (all) {
            anyDue |= markDue(steps.all());
        }
        if (!anyDue && before == null) {
            return List.of(); // no value a customer-level definition reads has moved, so no layer has
        }
        // only the definitions that read (directly or through others) a value that moved are evaluated again
        for (int s = 0; s < plans.length; s++) {
            if (dueSteps[s]) {
                before = capture(before, c, steps.layerOf(s));
            }
        }
        for (int s = 0; s < plans.length; s++) {
            if (dueSteps[s]) {
                dueSteps[s] = false;
                plans[s].accept(c);
            }
        }
        if (before == null) {
            return List.of(); // only derived values no layer reads were due
        }
        List<LayerChange> moved = changes(c, before, cause);
        for (LayerChange m : moved) {
            profiles.tierMoved(m.layer()); // a no-op for tags and segments, whose bitmaps move with them
        }
        return moved;
    }

    /** Marks these plan steps due; true when there were any. */
    private boolean markDue(int[] stepIndexes) {
        for (int s : stepIndexes) {
            dueSteps[s] = true;
        }
        return stepIndexes.length > 0;
    }

    /** A layer code read before anything moved it, in a per-fact array where {@link #NOT_READ} marks layers not read. */
    private int[] capture(int[] before, int c, int layer) {
        if (layer < 0) {
            return before;
        }
        if (before == null) {
            before = new int[layerValues.length];
            java.util.Arrays.fill(before, NOT_READ);
        }
        if (before[layer] == NOT_READ) {
            before[layer] = layerCode(layer, c);
        }
        return before;
    }

    private static final int NOT_READ = Integer.MIN_VALUE;

    private static final int[] NO_GROUPS = {};

    private int[] allGroups() {
        int[] all = new int[traitGroups.size()];
        for (int g = 0; g < all.length; g++) {
            all[g] = g;
        }
        return all;
    }

    /** Aggregates that one added row moves by itself, given the customer's current value. */
    private static final java.util.Set<Definition.Aggregate> DELTA = java.util.EnumSet.of(Definition.Aggregate.COUNT,
            Definition.Aggregate.SUM, Definition.Aggregate.MIN, Definition.Aggregate.MAX, Definition.Aggregate.FIRST_TIME,
            Definition.Aggregate.LAST_TIME, Definition.Aggregate.DAYS_SINCE);

    /**
     * Moves a trait group's values by one added row that passes its filter (its gate is exact)
     * instead of scanning all the customer's rows: a count goes up by one, a sum by the row's value,
     * an extreme or a days-since takes the row's if it is beyond the current one — what the batch
     * aggregators compute, in the same order. Returns 1 if a value changed, 0 if none, -1 when a
     * field is not of the type the aggregate reads directly (then the group is scanned).
     */
    /** Per trait group, the profile columns its traits are written to (looked up once, not per fact); null until asked. */
    private Column[][] groupTargets;

    private Column[] targets(int g) {
        Column[][] all = groupTargets;
        if (all == null) {
            all = new Column[traitGroups.size()][];
            groupTargets = all;
        }
        if (all[g] == null) {
            all[g] = traitGroups.get(g).stream().map(t -> profiles.column(t.name())).toArray(Column[]::new);
        }
        return all[g];
    }

    private int addRow(int g, FactTable table, int row, int c) {
        List<Definition.Trait> group = traitGroups.get(g);
        Column[] targets = targets(g);
        for (int i = 0; i < targets.length; i++) {
            Definition.Trait t = group.get(i);
            Column field = t.field() == null ? null : table.column(t.field());
            boolean readable = switch (t.aggregate()) {
                case COUNT, FIRST_TIME, LAST_TIME -> true; // first/last_time read the fact's own instant
                case SUM, MIN, MAX -> field instanceof NumberColumn && targets[i] instanceof NumberColumn;
                case DAYS_SINCE -> t.field() == null || field instanceof TimeColumn;
                default -> false;
            };
            if (!readable) {
                return -1;
            }
        }
        boolean changed = false;
        for (int i = 0; i < targets.length; i++) {
            Definition.Trait t = group.get(i);
            Column target = targets[i];
            switch (t.aggregate()) {
                case COUNT -> changed |= setNumber((NumberColumn) target, c, ((NumberColumn) target).get(c) + 1);
                case SUM -> {
                    double v = ((NumberColumn) table.column(t.field())).get(row);
                    if (v == v) {
                        changed |= setNumber((NumberColumn) target, c, ((NumberColumn) target).get(c) + v);
                    }
                }
                case MIN, MAX -> {
                    double v = ((NumberColumn) table.column(t.field())).get(row);
                    double best = ((NumberColumn) target).get(c);
                    if (v == v && (best != best || (t.aggregate() == Definition.Aggregate.MAX ? v > best : v < best))) {
                        changed |= setNumber((NumberColumn) target, c, v);
                    }
                }
                case FIRST_TIME, LAST_TIME -> {
                    long v = table.times()[row];
                    long best = ((TimeColumn) target).get(c);
                    if (best == TimeColumn.NULL || (t.aggregate() == Definition.Aggregate.LAST_TIME ? v > best : v < best)) {
                        ((TimeColumn) target).set(c, v);
                        changed = true;
                    }
                }
                default -> { // DAYS_SINCE: days from the latest qualifying instant to the as-of day
                    long v = t.field() == null ? table.times()[row] : ((TimeColumn) table.column(t.field())).get(row);
                    if (v != TimeColumn.NULL) {
                        double days = asOfDay - io.siyu.facts.Timestamps.localEpochDay(v, zone);
                        double best = ((NumberColumn) target).get(c);
                        if (best != best || days < best) {
                            changed |= setNumber((NumberColumn) target, c, days);
                        }
                    }
                }
            }
        }
        return changed ? 1 : 0;
    }

    private static boolean setNumber(NumberColumn column, int c, double v) {
        boolean changed = Double.doubleToLongBits(column.get(c)) != Double.doubleToLongBits(v);
        column.set(c, v);
        return changed;
    }

    private void updateSpend(int c, FactTable orders) {
        spend[c] = 0;
        paidOrders[c] = 0;
        StringColumn status = (StringColumn) orders.column("status");
        NumberColumn amount = (NumberColumn) orders.column("amount");
        for (int r = 0; r < orders.size(); r++) {
            addSpend(c, orders, status, amount, r);
        }
    }

    private void addSpend(int c, FactTable orders, int r) {
        addSpend(c, orders, (StringColumn) orders.column("status"), (NumberColumn) orders.column("amount"), r);
    }

    /** Adds one order row to the customer's spend and paid orders (a refunded one or one after as-of counts nothing). */
    private void addSpend(int c, FactTable orders, StringColumn status, NumberColumn amount, int r) {
        if (orders.times()[r] <= asOfSecond && (status == null || !"refunded".equals(status.get(r)))) {
            double a = amount == null ? Double.NaN : amount.get(r);
            spend[c] += a == a ? a : 0;
            paidOrders[c]++;
        }
    }

    /** Sets the customer's value from a one-customer result; true when it differs from what was there. */
    private static boolean copyInto(Column single, Column target, int c) {
        if (target instanceof NumberColumn n) {
            double v = ((NumberColumn) single).get(0);
            boolean changed = Double.doubleToLongBits(n.get(c)) != Double.doubleToLongBits(v);
            n.set(c, v);
            return changed;
        } else if (target instanceof TimeColumn t) {
            long v = ((TimeColumn) single).get(0);
            boolean changed = t.get(c) != v;
            t.set(c, v);
            return changed;
        } else if (target instanceof StringColumn s) {
            String v = ((StringColumn) single).get(0);
            boolean changed = !java.util.Objects.equals(s.get(c), v);
            s.set(c, v);
            return changed;
        }
        return true;
    }

    /**
     * Plans every customer-level definition once against the current results — each a step that
     * re-evaluates it for one customer, writing straight into its column — and finds each layer's
     * values. Population values are left as they are. Planned again whenever the results' columns
     * are replaced (a customer added, a population refresh).
     */
    private IntConsumer[] plan(Profiles on) {
        layerValues = layerValuesOf(on);
        List<IntConsumer> out = new ArrayList<>();
        for (Definition d : compiled.order()) {
            if (d instanceof Definition.Derived) {
                io.siyu.expr.Evaluator e = compiled.expression(d.name(), "expr").plan(on, asOfSecond, zone);
                switch (e.type()) {
                    case BOOL -> {
                        Flags f = on.flags(d.name());
                        out.add(c -> f.set(c, e.test(c)));
                    }
                    case NUMBER -> {
                        NumberColumn n = (NumberColumn) on.column(d.name());
                        out.add(c -> n.set(c, e.number(c)));
                    }
                    case TIME -> {
                        TimeColumn t = (TimeColumn) on.column(d.name());
                        out.add(c -> t.set(c, e.time(c)));
                    }
                    default -> {
                        StringColumn s = (StringColumn) on.column(d.name());
                        out.add(c -> s.set(c, e.string(c)));
                    }
                }
            } else if (d instanceof Definition.Tier t) {
                RowPredicate[] rules = new RowPredicate[t.rules().size()];
                for (int i = 0; i < rules.length; i++) {
                    rules[i] = compiled.expression(t.name(), "rules[" + i + "]").planPredicate(on, asOfSecond, zone);
                }
                StringColumn values = (StringColumn) on.column(t.name());
                StringColumn labels = on.tierLabels(t.name());
                out.add(c -> {
                    int rule = 0;
                    while (rule < rules.length && !rules[rule].test(c)) {
                        rule++;
                    }
                    values.set(c, rule < rules.length ? t.rules().get(rule).value() : t.defaultValue());
                    if (labels != null) {
                        labels.set(c, rule < rules.length ? t.rules().get(rule).label() : t.defaultLabel());
                    }
                });
            } else if (d instanceof Definition.Audience) {
                RowPredicate when = compiled.expression(d.name(), "when").planPredicate(on, asOfSecond, zone);
                Flags f = on.flags(d.name());
                out.add(c -> f.set(c, when.test(c)));
            }
        }
        return out.toArray(IntConsumer[]::new);
    }

    /**
     * Recomputes population statistics, scores and selections from the current per-customer
     * values, then every customer's derived values, tiers, tags and segments; returns every layer
     * that moved. Afterwards the results equal a batch run over the same facts.
     */
    public List<LayerChange> refreshPopulation() {
        Map<String, Column> aggregates = new LinkedHashMap<>();
        for (Definition d : compiled.model().definitions()) {
            if (d instanceof Definition.Trait || d instanceof Definition.Points) {
                aggregates.put(d.name(), profiles.column(d.name()));
            } else if (d instanceof Definition.Stage st) {
                aggregates.put(st.name(), profiles.column(st.name()));
                aggregates.put(st.sinceName(), profiles.column(st.sinceName()));
            }
        }
        Profiles old = profiles;
        Profiles fresh = new BatchEngine().evaluate(compiled, data, asOf, aggregates);
        fresh.overrideSpend(new NumberColumn("spend", java.util.Arrays.copyOf(spend, fresh.size())),
                new NumberColumn("paid_orders", java.util.Arrays.copyOf(paidOrders, fresh.size())));
        List<LayerChange> changes = refreshChanges(layerValuesOf(old), layerValuesOf(fresh), fresh.size());
        profiles = fresh;
        plans = plan(fresh);
        groupTargets = null; // profile columns may have been replaced
        return changes;
    }

    /**
     * One of the customer's layers as a number that differs exactly when the value does (a tier's
     * dictionary code, a tag's yes/no): comparing before and after a fact costs no formatting.
     */
    private int layerCode(int layer, int c) {
        Object v = layerValues[layer];
        return v instanceof Flags f ? (f.get(c) ? 1 : 0) : v instanceof StringColumn s ? s.code(c) : 0;
    }

    /** The layers read before (those not {@link #NOT_READ}) that differ now. */
    private List<LayerChange> changes(int c, int[] before, String cause) {
        List<LayerChange> out = null;
        for (int i = 0; i < before.length; i++) {
            if (before[i] == NOT_READ) {
                continue;
            }
            int after = layerCode(i, c);
            if (before[i] != after) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                Object v = layerValues[i];
                String from = v instanceof Flags ? Boolean.toString(before[i] == 1) : decode((StringColumn) v, before[i]);
                out.add(new LayerChange(data.customers().id(c), layerNames[i], from, profiles.format(layerNames[i], c), asOf, cause));
            }
        }
        return out == null ? List.of() : out;
    }

    private static String decode(StringColumn column, int code) {
        return code < 0 ? "" : column.dictionary().decode(code);
    }

    /** Each layer's values on {@code p}: its flags (tags, segments) or its column (tiers, stages), in {@link #layerNames} order. */
    private Object[] layerValuesOf(Profiles p) {
        Object[] out = new Object[layerNames.length];
        for (int i = 0; i < out.length; i++) {
            Flags f = p.flags(layerNames[i]);
            out[i] = f != null ? f : p.column(layerNames[i]);
        }
        return out;
    }

    /**
     * The layers that differ between two evaluations, customer by customer. Values are compared as
     * they are stored and formatted only when they differ: a refresh compares every layer of every
     * customer under the workspace lock, and formatting all of them was most of its diff.
     */
    private List<LayerChange> refreshChanges(Object[] before, Object[] after, int customers) {
        List<LayerChange> out = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            for (int i = 0; i < before.length; i++) {
                if (!sameValue(before[i], after[i], c)) {
                    out.add(new LayerChange(data.customers().id(c), layerNames[i], formatted(before[i], c), formatted(after[i], c), asOf,
                            "population refresh"));
                }
            }
        }
        return out;
    }

    private static boolean sameValue(Object before, Object after, int c) {
        if (before instanceof Flags b && after instanceof Flags a) {
            return b.get(c) == a.get(c);
        }
        if (before instanceof StringColumn b && after instanceof StringColumn a) {
            return java.util.Objects.equals(b.get(c), a.get(c)); // dictionaries differ between evaluations: compare the values
        }
        return formatted(before, c).equals(formatted(after, c));
    }

    /** A layer's value as {@link Profiles#format} gives it. */
    private static String formatted(Object layerValue, int c) {
        return layerValue instanceof Flags f ? Boolean.toString(f.get(c)) : layerValue instanceof Column col ? col.format(c) : "";
    }
}
