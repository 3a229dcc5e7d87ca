package io.siyu.web;

import io.siyu.engine.CompiledModel;
import io.siyu.engine.LayerChange;
import io.siyu.engine.LiveEngine;
import io.siyu.engine.ModelCompiler;
import io.siyu.engine.Profiles;
import io.siyu.facts.DatasetBuilder;
import io.siyu.facts.Facts;
import io.siyu.identity.IdentityOptions;
import io.siyu.model.ModelParser;
import io.siyu.playbook.ContactLedger;
import io.siyu.playbook.Operations;
import io.siyu.playbook.Outcome;
import io.siyu.playbook.Playbook;
import io.siyu.playbook.PlaybookParser;
import io.siyu.playbook.PlaybookRunner;
import io.siyu.scenario.ScenarioDetector;
import io.siyu.scenario.ScenarioRules;
import io.siyu.store.FactImport;
import io.siyu.store.OutcomeRow;
import io.siyu.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The running state: the store, every model with its live engine and playbooks. Facts are stored
 * (committed) before they are applied, and outcomes stored before the caller is answered, so an
 * acknowledged fact is never lost and a redelivered one produces nothing twice. Models are
 * evaluated as of the end of the current local day; when the day changes everything is rebuilt
 * from the store, which is also how customers added through the API join the engines.
 */
public final class Workspace implements AutoCloseable {
    /** One model at work: compiled, live, with its playbooks. */
    record Layering(CompiledModel model, LiveEngine engine, Operations operations, io.siyu.engine.LiveFacts facts) {}

    private final Store store;
    /** One importer for the workspace's life: it keeps the known fact ids in memory between requests. */
    private FactImport importer;
    private final List<Path> modelFiles;
    private final List<Path> playbookFiles;
    private final Clock clock;
    private final ScenarioDetector detector = new ScenarioDetector(ScenarioRules.shipped());
    private final Map<String, Layering> layerings = new LinkedHashMap<>();
    /** Each model's layers as last acted on: compared at each build to find what time alone moved. */
    private final Map<String, LayerSnapshot> snapshots = new LinkedHashMap<>();
    /** Read by delivery passes without the workspace's lock, which the apply thread holds for every group. */
    private final Map<String, Playbook> playbooksByName = new java.util.concurrent.ConcurrentHashMap<>();
    /** What was recently sent, shared by every model's playbooks: caps and de-duplication hold across models. */
    private ContactLedger ledger = new ContactLedger();
    private Instant asOf;
    /** Local time of day from which what time alone moved is acted on (the end of the usual quiet hours). */
    private final LocalTime timedActionsAt;
    /** Models whose time-moved layers wait for {@link #timedActionsAt} today. */
    private final Set<String> timedActionsPending = new java.util.LinkedHashSet<>();

    /** The usual end of quiet hours: time-driven transitions found at midnight are acted on then. */
    public static final LocalTime DEFAULT_TIMED_ACTIONS_AT = LocalTime.of(9, 0);

    public Workspace(Store store, List<Path> modelFiles, List<Path> playbookFiles, Clock clock) {
        this(store, modelFiles, playbookFiles, clock, DEFAULT_TIMED_ACTIONS_AT);
    }

    /**
     * {@code timedActionsAt}: the local time of day from which layers that time alone moved (a lead
     * unvisited for a week, a customer silent for 90 days, "3 days before the birthday") are acted
     * on. The engines move at midnight; acting then would put every such message in quiet hours.
     */
    public Workspace(Store store, List<Path> modelFiles, List<Path> playbookFiles, Clock clock, LocalTime timedActionsAt) {
        this.timedActionsAt = timedActionsAt;
        this.store = store;
        store.checkpointInBackground(); // small commits all day: the log's copy-back off the request path
        this.importer = store.sharedImporter();
        this.modelFiles = List.copyOf(modelFiles);
        this.playbookFiles = List.copyOf(playbookFiles);
        this.clock = clock;
        recover(); // facts acknowledged but not applied before a crash are applied now
        synchronized (store) {
            importer.loadKnownIds(); // at start-up, not in the first request of each kind
        }
    }

    private int rebuilds;

    /** How many times everything was reloaded from the store (start-up included). */
    public synchronized int rebuilds() {
        return rebuilds;
    }

    /**
     * Reloads every model from the stored facts the engines had applied, as of the end of today;
     * facts stored but not yet applied are applied after, by the ingest queue.
     */
    public synchronized void rebuild() {
        queue.awaitCommitted();
        rebuild(store.appliedMarks(), null);
    }

    /**
     * Reloads every model from the stored facts up to {@code bounds} (the last load-order number
     * per table; a table not named: all of it); rows beyond go to {@code tail} (null: dropped).
     */
    private synchronized void rebuild(Map<String, Long> bounds, Tail tail) {
        queue.awaitCommitted(); // callers read the bounds after this too; here so no path reloads over uncommitted outcomes
        rebuilds++;
        timedActionsPending.clear();
        Map<String, LayerSnapshot> before = new LinkedHashMap<>(snapshots);
        layerings.clear();
        // one loaded data set per (time zone, identity option): models that agree share it read-only
        Map<String, io.siyu.engine.LiveFacts> datasets = new LinkedHashMap<>();
        List<CompiledModel> models = modelFiles.stream().map(f -> ModelCompiler.compile(ModelParser.parse(f))).toList();
        Map<CompiledModel, List<Playbook>> playbooksOf = new java.util.IdentityHashMap<>();
        for (CompiledModel model : models) {
            store.saveModelVersion(model.model().name(), model.model().text()); // audit: every version that ran is kept
            playbooksOf.put(model, parsePlaybooks(model));
        }
        ledger = ContactLedger.forPlaybooks(playbooksOf.values().stream().flatMap(List::stream).toList());
        var latest = store.latestOutcomeTime();
        if (latest.isPresent()) { // what the policies look back over from the latest outcome; older ones cannot change a verdict
            ContactLedger filling = ledger;
            store.forEachOutcomeContact(latest.getAsLong() - ledger.retention().getSeconds(), (key, customerId, channel, createdAt, blocked) ->
                    filling.recordStored(key, customerId, channel, Instant.ofEpochSecond(createdAt), blocked));
        }
        store.prepareOutcomeWrites(); // now, not in the first request's commit
        java.util.Set<String> eventProperties = new java.util.HashSet<>();
        models.forEach(m -> eventProperties.addAll(m.model().eventProperties().keySet()));
        // one read of the stored facts fills every data set: reading them is most of a large start-up
        Map<String, DatasetBuilder> builders = new LinkedHashMap<>();
        // each data set keeps the events and messages only if one of its models reads them
        Map<String, java.util.Set<String>> tablesKept = new java.util.HashMap<>();
        for (CompiledModel model : models) {
            tablesKept.computeIfAbsent(datasetKey(model), k -> new java.util.HashSet<>()).addAll(LiveEngine.tablesRead(model));
        }
        for (CompiledModel model : models) {
            builders.computeIfAbsent(datasetKey(model), k -> new DatasetBuilder(model.model().zone(),
                    new IdentityOptions(model.model().forbidUnionIdMerge())).keepOnlyEventProperties(eventProperties)
                    .keepOnlyTables(tablesKept.get(k)));
        }
        if (!builders.isEmpty()) {
            store.replay(io.siyu.facts.TeeSink.of(List.copyOf(builders.values())), bounds, tail != null ? tail : new Tail());
        }
        Map<String, String> transferredOwners = store.transferredOwners();
        io.siyu.identity.KeyIndex identityKeys = new io.siyu.identity.KeyIndex(); // one search per fact, whichever stores take it
        for (CompiledModel model : models) {
            asOf = endOfToday(model.model().zone());
            io.siyu.engine.LiveFacts data = datasets.computeIfAbsent(datasetKey(model), k -> {
                io.siyu.facts.Dataset built = builders.remove(k).build(); // the builder's rows are let go as each set is built
                applyOwners(built, transferredOwners);
                // the store de-duplicates by id before a fact reaches the engines
                return new io.siyu.engine.LiveFacts(built, model.model().zone(), false, identityKeys, model.model().forbidUnionIdMerge())
                        .keepOnlyEventProperties(eventProperties).keepOnlyTables(tablesKept.get(k));
            });
            LiveEngine engine = new LiveEngine(model, data, asOf);
            List<Playbook> playbooks = playbooksOf.get(model);
            Layering layering = new Layering(model, engine, new Operations(engine, detector, new PlaybookRunner(playbooks, ledger)), data);
            layerings.put(model.model().name(), layering);
            actOnTimeOrWait(layering, before.get(model.model().name()));
        }
        if (!layerings.isEmpty()) {
            factZone = layerings.values().iterator().next().model().model().zone();
        }
        runSchedules();
    }

    /** Models with the same key load the same data set (time zone, identity unification) and share it read-only. */
    private static String datasetKey(CompiledModel model) {
        return model.model().zone() + "|" + model.model().forbidUnionIdMerge();
    }

    /** The playbooks for this model (those naming it, and those naming none), each version recorded for audit. */
    private List<Playbook> parsePlaybooks(CompiledModel model) {
        List<Playbook> playbooks = new ArrayList<>();
        for (Path p : playbookFiles) {
            if (p.toString().isBlank()) {
                continue;
            }
            String declared = declaredModel(p);
            if (declared == null || declared.equals(model.model().name())) {
                Playbook playbook = PlaybookParser.parse(p, model);
                playbooks.add(playbook);
                playbooksByName.put(playbook.name(), playbook);
                try {
                    store.saveModelVersion("playbook:" + playbook.name(), java.nio.file.Files.readString(p));
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException("cannot read playbook '" + p + "': " + e.getMessage());
                }
            }
        }
        return playbooks;
    }

    /**
     * The playbook of that name (for its channels), or null. Not synchronized: a delivery pass asks
     * once per outcome, and waiting for the lock each time took turns with the apply thread.
     */
    public Playbook playbook(String name) {
        return playbooksByName.get(name);
    }

    /**
     * Runs every scheduled (cron) rule whose occurrence came since it last ran: the latest one only,
     * so a server that was down runs a missed occurrence once, late, at start-up. A rule seen for the
     * first time starts from now (no back-filling of the past).
     */
    public synchronized int runSchedules() {
        queue.awaitCommitted();
        Instant now = clock.instant();
        int produced = 0;
        for (Layering l : layerings.values()) {
            for (io.siyu.playbook.PlaybookRunner.ScheduledRule s : l.operations().schedules()) {
                String id = l.model().model().name() + "|" + s.id();
                var mark = store.scheduleMark(id);
                if (mark.isEmpty()) {
                    store.saveScheduleMark(id, now.getEpochSecond());
                    continue;
                }
                var due = s.cron().latestBetween(Instant.ofEpochSecond(mark.get()), now, l.model().model().zone());
                if (due.isPresent()) {
                    List<Outcome> outcomes = l.operations().scheduled(s, due.get(), now);
                    store.saveOutcomes(outcomes.stream().map(Workspace::row).toList());
                    store.saveScheduleMark(id, due.get().getEpochSecond());
                    produced += outcomes.size();
                }
            }
        }
        return produced;
    }

    /**
     * Layers move with time alone — a lead not visited for a week drops to B, a customer silent
     * for 90 days churns. After each build every customer's layers are compared with what they were
     * just before (in memory while running; the last stored snapshot at start-up, so transitions
     * due while the server was down fire then), the playbooks run for what moved — keyed by the
     * day, so each fires once even across restarts — and the new snapshot is stored.
     */
    private void timedTransitions(Layering l, LayerSnapshot inMemory) {
        String model = l.model().model().name();
        Instant asOf = l.engine().asOf(); // the model's own: models in other time zones end their day at other instants
        LayerSnapshot now = LayerSnapshot.of(l.engine().profiles());
        LayerSnapshot before = inMemory != null ? inMemory : storedSnapshot(model);
        List<LayerChange> changes = before == null ? List.of() : before.movesTo(now, asOf, "time: as of " + asOf);
        store.saveOutcomes(l.operations().changes(changes, clock.instant(), "day:" + asOf, asOf).stream().map(Workspace::row).toList());
        java.time.LocalDate today = asOf.atZone(l.model().model().zone()).toLocalDate();
        store.saveOutcomes(l.operations().daily(today, clock.instant()).stream().map(Workspace::row).toList());
        store.saveLayerSnapshot(model, asOf.getEpochSecond(), clock.instant().getEpochSecond(), now.encode());
        snapshots.put(model, now);
    }

    /** The model's layers as last acted on, from the store (null before the first build). */
    private LayerSnapshot storedSnapshot(String model) {
        LayerSnapshot stored = store.layerSnapshot(model).map(LayerSnapshot::decode).orElse(null);
        if (stored != null) {
            for (String[] move : store.layerMoves(model)) {
                stored.apply(move[0], move[1], move[2]);
            }
        }
        return stored;
    }

    /**
     * Acts on what time moved now when it is past {@link #timedActionsAt} in the model's zone;
     * before that, keeps the snapshot to compare with (in step with moves facts cause meanwhile)
     * and leaves the model to {@link #actOnTimeIfDue}.
     */
    private void actOnTimeOrWait(Layering l, LayerSnapshot inMemory) {
        String model = l.model().model().name();
        if (!LocalTime.now(clock.withZone(l.model().model().zone())).isBefore(timedActionsAt)) {
            timedActionsPending.remove(model);
            timedTransitions(l, inMemory);
            return;
        }
        snapshots.put(model, inMemory != null ? inMemory : storedSnapshot(model));
        timedActionsPending.add(model);
    }

    /** Acts on what time moved for every model waiting for {@link #timedActionsAt}, once it has come. */
    private void actOnTimeIfDue() {
        for (String model : List.copyOf(timedActionsPending)) {
            Layering l = layerings.get(model);
            if (l != null) {
                actOnTimeOrWait(l, snapshots.get(model));
            }
        }
    }

    /** Keeps the snapshot in step with moves facts (or a refresh) caused, so a restart re-fires only what time moved. */
    private void updateSnapshot(String model, List<LayerChange> changes) {
        store.appendLayerMoves(model, snapshotMoves(model, changes));
    }

    /** Applies moves to the model's in-memory snapshot; returns them as rows for the store. */
    private List<String[]> snapshotMoves(String model, List<LayerChange> changes) {
        LayerSnapshot snapshot = snapshots.get(model);
        if (snapshot == null || changes.isEmpty()) {
            return List.of();
        }
        List<String[]> moves = new ArrayList<>();
        for (LayerChange c : changes) {
            snapshot.apply(c.customerId(), c.layer(), c.to());
            moves.add(new String[] {c.customerId(), c.layer(), c.to()});
        }
        return moves;
    }

    private static String declaredModel(Path playbook) {
        try {
            return java.nio.file.Files.readAllLines(playbook).stream().filter(l -> l.startsWith("model:"))
                    .map(l -> l.substring(6).strip()).findFirst().orElse(null);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read playbook '" + playbook + "': " + e.getMessage());
        }
    }

    /**
     * Recomputes population values (means, n-tiles, ranks) from the live per-customer values and
     * runs the playbooks for every layer that moved; returns how many customers moved (counted per
     * model). Each model is refreshed under the lock on its own, so ingest waits for one model's
     * refresh at a time, not for all of them (models are independent of one another).
     */
    public int refreshPopulation() {
        int moved = 0;
        boolean first = true;
        for (String model : layerings().keySet()) {
            if (!first) {
                // the lock is not fair: without this the next model's refresh took it again at once, and ingest
                // waited for all nine (3.5 s at a million customers) however the work was split
                awaitIngestCaughtUp();
            }
            first = false;
            moved += refreshPopulation(model);
        }
        return moved;
    }

    /** Lets the facts stored so far be applied (for at most a second), so work between models does not hold ingest. */
    private void awaitIngestCaughtUp() {
        try {
            queue.stats().awaitAppliedWhatIsStored(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized int refreshPopulation(String modelName) {
        Layering l = layerings.get(modelName);
        if (l == null) {
            return 0; // reloaded meanwhile without it
        }
        queue.awaitCommitted(); // the moves stored next come after every move the engines made before them
        Instant now = clock.instant();
        List<LayerChange> changes = l.engine().refreshPopulation();
        // the refresh's outcomes and the moves behind them in one commit: at a million customers a
        // refresh can move most of them, and a commit per outcome held ingest for seconds
        List<OutcomeRow> rows = l.operations().changes(changes, now, "refresh:" + now, now).stream().map(Workspace::row).toList();
        String model = l.model().model().name();
        store.saveOutcomes(rows, Map.of(model, snapshotMoves(model, changes)));
        return (int) changes.stream().map(LayerChange::customerId).distinct().count();
    }

    /**
     * Once the local day has changed, moves every model to the end of the new day in place: the
     * day's facts are folded into the loaded tables ({@link io.siyu.engine.LiveFacts#compact}), then
     * each model is evaluated once as of the new day ({@link LiveEngine#movedTo}) — no stored fact is
     * read again (a reload held ingest for ten minutes at a million customers; this, about one).
     * Each model moves under the lock on its own, with the facts stored meanwhile applied between
     * them, so ingest waits for one model at a time (26 s for all nine at a million customers, held
     * at once, was the longest pause ingest had): a model not yet moved counts a fact of the new day
     * when it moves (its layers are as of the day before until then). The playbooks run for what time
     * alone moved from {@link #timedActionsAt} (checked at every call). Scheduled rules are the
     * caller's: {@link #runSchedules}.
     */
    public boolean advanceIfDayChanged() {
        if (!dayChanging.compareAndSet(false, true)) {
            return false; // another caller is moving the models
        }
        try {
            if (!foldTheDay()) {
                return false;
            }
            boolean first = true;
            for (String model : layerings().keySet()) {
                if (!first) {
                    awaitIngestCaughtUp();
                }
                first = false;
                moveToToday(model);
            }
            return true;
        } finally {
            dayChanging.set(false);
        }
    }

    private final java.util.concurrent.atomic.AtomicBoolean dayChanging = new java.util.concurrent.atomic.AtomicBoolean();

    /** When the day has changed, folds the day's facts into the loaded tables and returns true; else acts on time. */
    private synchronized boolean foldTheDay() {
        queue.awaitCommitted(); // a snapshot stored here comes after every move the engines made before it
        if (clock.instant().getEpochSecond() <= asOf.getEpochSecond()) { // 23:59:59.5 is still today
            actOnTimeIfDue();
            return false;
        }
        // the day's own tables folded back first: memory stays bounded and the new engines start from plain loaded rows
        Set<io.siyu.engine.LiveFacts> compacted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Layering l : layerings.values()) {
            if (compacted.add(l.facts())) {
                l.facts().compact();
            }
        }
        ledger.forgetOld(); // keys accumulate all day; contacts and keys older than the policies' windows go
        for (Layering l : layerings.values()) {
            asOf = endOfToday(l.model().model().zone()); // as before: the last model's zone
        }
        return true;
    }

    /** Moves one model to the end of its zone's day, unless it is there already (a rebuild meanwhile). */
    private synchronized void moveToToday(String name) {
        Layering l = layerings.get(name);
        if (l == null) {
            return;
        }
        Instant today = endOfToday(l.model().model().zone());
        if (!l.engine().asOf().isBefore(today)) {
            return;
        }
        queue.awaitCommitted(); // the snapshot moves stored next come after every move the engine made before
        LiveEngine moved = l.engine().movedTo(today);
        Layering next = new Layering(l.model(), moved, l.operations().on(moved), l.facts());
        layerings.put(name, next);
        actOnTimeOrWait(next, snapshots.get(name));
    }

    /** The last second of the clock's current day in {@code zone}: what the engines evaluate as of. */
    private Instant endOfToday(ZoneId zone) {
        return LocalDate.now(clock.withZone(zone)).plusDays(1).atStartOfDay(zone).toInstant().minusSeconds(1);
    }

    /** The time zone facts posted without an offset are read in (the first model's), read without the lock. */
    public ZoneId factZone() {
        return factZone;
    }

    private volatile ZoneId factZone = ZoneId.of("Asia/Shanghai");

    /** The running models in the order they were given (the first one's zone reads facts). */
    public synchronized Map<String, Layering> layerings() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(layerings));
    }

    public Store store() {
        return store;
    }

    /** Writes current owners (after transfers) into the loaded customers' owner_staff_id. */
    private static void applyOwners(io.siyu.facts.Dataset data, Map<String, String> owners) {
        if (data.customers().attribute("owner_staff_id") instanceof io.siyu.facts.StringColumn column) {
            owners.forEach((customer, staff) -> {
                int c = data.customers().indexOf(customer);
                if (c >= 0) {
                    column.set(c, staff);
                }
            });
        }
    }

    /** The loaded data sets, each once (models that agree on zone and identity options share one). */
    private Set<io.siyu.facts.Dataset> loadedDatasets() {
        Set<io.siyu.facts.Dataset> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        layerings.values().forEach(l -> out.add(l.facts().data()));
        return out;
    }

    /**
     * Transfers every customer of a departing staff member to another (C4), keeping the history
     * and handing over their open tasks; the live profiles show the new owner at once.
     */
    public synchronized int transferCustomers(String fromStaff, String toStaff) {
        queue.awaitCommitted(); // the open tasks handed over include those of facts applied just before
        Set<String> moving = new java.util.TreeSet<>();
        Set<io.siyu.facts.Dataset> datasets = loadedDatasets();
        for (io.siyu.facts.Dataset d : datasets) {
            io.siyu.facts.Column owner = d.customers().attribute("owner_staff_id");
            for (int c = 0; owner != null && c < d.customers().size(); c++) {
                if (fromStaff.equals(owner.format(c))) {
                    moving.add(d.customers().id(c));
                }
            }
        }
        if (moving.isEmpty()) {
            return 0;
        }
        store.transferCustomers(fromStaff, toStaff, new ArrayList<>(moving), clock.instant().getEpochSecond());
        Map<String, String> owners = new LinkedHashMap<>();
        moving.forEach(c -> owners.put(c, toStaff));
        datasets.forEach(d -> applyOwners(d, owners));
        return moving.size();
    }

    /**
     * Makes one customer's owner {@code toStaff} (keeping the history, handing over their open
     * tasks); returns the previous owner, or null when no model knows the customer.
     */
    public synchronized String assignOwner(String customerId, String toStaff) {
        queue.awaitCommitted();
        for (Layering l : layerings.values()) {
            int c = l.facts().data().customers().indexOf(customerId);
            io.siyu.facts.Column owner = l.facts().data().customers().attribute("owner_staff_id");
            if (c >= 0) {
                String from = owner == null || owner.isNull(c) ? null : owner.format(c);
                store.transferCustomers(from, toStaff, List.of(customerId), clock.instant().getEpochSecond());
                loadedDatasets().forEach(d -> applyOwners(d, Map.of(customerId, toStaff)));
                return from == null ? "" : from;
            }
        }
        return null;
    }

    /**
     * What happened to one accepted fact across all models; for a repeat, {@code earlier} holds what
     * the first delivery produced (a till retrying scan-to-pay gets its offer again).
     */
    record Effect(List<LayerChange> changes, List<String> scenarios, List<Outcome> outcomes, boolean repeat,
                  List<OutcomeRow> earlier, boolean updated, List<io.siyu.playbook.PlaybookRunner.PassedOver> passedOver) {
        Effect(List<LayerChange> changes, List<String> scenarios, List<Outcome> outcomes, boolean repeat) {
            this(changes, scenarios, outcomes, repeat, List.of(), false);
        }

        Effect(List<LayerChange> changes, List<String> scenarios, List<Outcome> outcomes, boolean repeat,
               List<OutcomeRow> earlier, boolean updated) {
            this(changes, scenarios, outcomes, repeat, earlier, updated, List.of());
        }
    }

    /** {@code -Dsiyu.ingest.trace=true} logs where the apply stage's time goes, every 200 applied groups. */
    private static final boolean TRACE = Boolean.getBoolean("siyu.ingest.trace");
    private final long[] traced = new long[4];
    private int tracedRequests;

    private void trace(long... nanos) {
        long total = java.util.Arrays.stream(nanos).sum();
        if (total > 40_000_000L) {
            org.slf4j.LoggerFactory.getLogger(Workspace.class).info(
                    "slow apply group {} ms: new customers and links {} engines and playbooks {} snapshot {} outcome rows {}",
                    total / 1e6, nanos[0] / 1e6, nanos[1] / 1e6, nanos[2] / 1e6, nanos[3] / 1e6);
        }
        for (int i = 0; i < traced.length; i++) {
            traced[i] += nanos[i];
        }
        if (++tracedRequests % 200 == 0) {
            org.slf4j.LoggerFactory.getLogger(Workspace.class).info(
                    "apply ms per group: new customers and links {} engines and playbooks {} snapshot {} outcome rows {}",
                    traced[0] / 2e8, traced[1] / 2e8, traced[2] / 2e8, traced[3] / 2e8);
            java.util.Arrays.fill(traced, 0);
        }
    }

    /**
     * Stores the facts durably, then applies them to every model and stores the outcomes; returns
     * one effect per fact (identity links in the list, which go before the fact that implied them,
     * are stored and applied but have no effect of their own). A fact the store already had is a
     * repeat: it changes nothing and produces nothing. A new customer joins the engines at once;
     * only a link that makes two loaded customers one person rebuilds everything from the store.
     * Concurrent callers are stored together and applied together ({@link IngestQueue}); each
     * returns once its own facts and outcomes are committed.
     */
    public List<Effect> ingest(List<Object> incoming) {
        return ingest(incoming, IngestQueue.Ack.APPLIED);
    }

    /**
     * Like {@link #ingest(List)}; with {@link IngestQueue.Ack#STORED} it returns as soon as the
     * facts are durable — each effect then says only whether its fact was new, a repeat or an
     * update — and the facts are applied right behind (after a crash, at the next start-up).
     */
    public List<Effect> ingest(List<Object> incoming, IngestQueue.Ack ack) {
        // a message's scenarios depend on its text alone: found before queueing, off the serial path
        Map<Object, List<String>> scenariosOf = new java.util.IdentityHashMap<>();
        for (Object f : incoming) {
            if (f instanceof Facts.Message m) {
                scenariosOf.put(m, Operations.scenarios(detector, m));
            }
        }
        return queue.submit(incoming, scenariosOf, ack);
    }

    /** How ingest is keeping up: facts stored and applied, and the time from storing to applying. */
    public IngestStats ingestStats() {
        return queue.stats();
    }

    /** Facts stored then applied by two threads, so storing the next requests overlaps applying these. */
    private final IngestQueue queue = new IngestQueue(new IngestQueue.Pipeline() {
        @Override
        public Stored store(List<Object> incoming, Runnable writeFirst) {
            return Workspace.this.store(incoming, writeFirst);
        }

        @Override
        public IngestQueue.Commit apply(Stored stored, Map<Object, List<String>> scenarios) {
            synchronized (Workspace.this) {
                return Workspace.this.applyInMemory(stored, scenarios);
            }
        }

        @Override
        public long recover() {
            synchronized (Workspace.this) {
                return Workspace.this.recover();
            }
        }

        @Override
        public List<Effect> appliedByRecovery(Stored stored) {
            synchronized (Workspace.this) {
                return Workspace.this.appliedByRecovery(stored);
            }
        }
    });

    /**
     * Each fact of a group a reload applied, with the outcomes stored for it (as for a repeat): a caller waiting for the outcomes gets them
     * although its own apply failed.
     */
    private List<Effect> appliedByRecovery(Stored group) {
        List<Effect> acks = group.acknowledgements();
        if (layerings.isEmpty()) {
            return acks;
        }
        io.siyu.engine.LiveFacts loaded = layerings.values().iterator().next().facts();
        List<Effect> out = new ArrayList<>(acks.size());
        for (int i = 0; i < acks.size(); i++) {
            Object f = group.facts().get(i);
            Effect ack = acks.get(i);
            if (f instanceof Facts.Customer || ack.repeat()) {
                out.add(ack);
                continue;
            }
            FactInfo info = FactInfo.of(f, group.itemsOf());
            int customer = loaded.customerOf(info.person());
            List<OutcomeRow> stored = customer < 0 ? List.of() : outcomesOf(loaded.data().customers().id(customer), info.factId());
            out.add(new Effect(List.of(), List.of(), List.of(), false, stored, false));
        }
        return out;
    }

    /** The outcomes stored for one fact of a customer: their occasion is the fact. */
    private List<OutcomeRow> outcomesOf(String customerId, String factId) {
        String suffix = ":" + factId;
        return store.outcomes(null, null, customerId, null).stream()
                .filter(o -> io.siyu.playbook.OutcomeKey.originalForm(o.key(), customerId).endsWith(suffix)).toList();
    }

    /**
     * A group of facts just stored, for the engines: the facts with an effect each (customers,
     * orders, events, messages) and whether each was new, the identity links and new customers to
     * join, order lines by order, attribute updates of known customers, the last load-order number
     * stored in each table and the group's number in storing order.
     */
    record Stored(List<Object> facts, List<Boolean> fresh, List<Facts.IdentityLink> links, List<Facts.Customer> newCustomers,
                  Map<String, List<Facts.OrderItem>> itemsOf, Map<Object, Map<String, String>> updates, Map<String, Long> marks,
                  long group) {
        /** What a caller acknowledged once the facts are durable learns about each: new, a repeat or an update. */
        List<Effect> acknowledgements() {
            List<Effect> out = new ArrayList<>(facts.size());
            for (int i = 0; i < facts.size(); i++) {
                boolean update = updates.containsKey(facts.get(i)); // stored apart from the customer: not a repeat
                out.add(new Effect(List.of(), List.of(), List.of(), !fresh.get(i) && !update, List.of(), update));
            }
            return out;
        }

        /** Groups stored one after another, applied as one. */
        static Stored merge(List<Stored> groups) {
            if (groups.size() == 1) {
                return groups.get(0);
            }
            List<Object> facts = new ArrayList<>();
            List<Boolean> fresh = new ArrayList<>();
            List<Facts.IdentityLink> links = new ArrayList<>();
            List<Facts.Customer> newCustomers = new ArrayList<>();
            Map<String, List<Facts.OrderItem>> itemsOf = new java.util.HashMap<>();
            Map<Object, Map<String, String>> updates = new java.util.IdentityHashMap<>();
            Map<String, Long> marks = new LinkedHashMap<>();
            for (Stored g : groups) {
                facts.addAll(g.facts());
                fresh.addAll(g.fresh());
                links.addAll(g.links());
                newCustomers.addAll(g.newCustomers());
                itemsOf.putAll(g.itemsOf());
                updates.putAll(g.updates());
                marks.putAll(g.marks()); // later groups stored later: their numbers are higher
            }
            return new Stored(facts, fresh, links, newCustomers, itemsOf, updates, marks, groups.get(groups.size() - 1).group());
        }
    }

    /** The number of the last group stored (under the store's lock). */
    private long storedGroups;

    /**
     * Stores a group of facts durably (one commit, which also commits what {@code writeFirst}
     * writes on the store's connection before them), de-duplicated by id; nothing is applied yet.
     */
    private Stored store(List<Object> incoming, Runnable writeFirst) {
        List<Object> facts = new ArrayList<>();
        List<Facts.IdentityLink> links = new ArrayList<>();
        List<Facts.Customer> newCustomers = new ArrayList<>();
        Map<String, List<Facts.OrderItem>> itemsOf = new java.util.HashMap<>();
        List<Boolean> fresh = new ArrayList<>();
        Map<Object, Map<String, String>> updates = new java.util.IdentityHashMap<>();
        long tWait = System.nanoTime();
        synchronized (store) { // the importer shares the store's connection
            long tIn = System.nanoTime();
            FactImport in = importer;
            try {
                writeFirst.run();
                Facts.Order lastOrder = null;
                boolean lastOrderFresh = false;
                for (Object f : incoming) {
                    if (f instanceof Facts.IdentityLink link) {
                        in.identity(link);
                        links.add(link);
                        continue;
                    }
                    if (f instanceof Facts.OrderItem item) {
                        // lines follow their order; stored only with a new order, so a repeated order adds no lines
                        if (lastOrder != null && lastOrderFresh) {
                            in.orderItem(item);
                            itemsOf.computeIfAbsent(lastOrder.orderId(), k -> new ArrayList<>()).add(item);
                        }
                        continue;
                    }
                    facts.add(f);
                    boolean stored;
                    if (f instanceof Facts.Order o) {
                        stored = in.order(o);
                        lastOrder = o;
                        lastOrderFresh = stored;
                    } else if (f instanceof Facts.Event e) {
                        stored = in.event(e);
                    } else if (f instanceof Facts.Message m) {
                        stored = in.message(m);
                    } else {
                        stored = in.customer((Facts.Customer) f);
                        Map<String, String> given = stored ? null : in.customerUpdate((Facts.Customer) f);
                        if (given != null) {
                            updates.put(f, given); // a known customer's attribute values, folded in when applied
                        }
                    }
                    fresh.add(stored);
                    if (stored && f instanceof Facts.Customer c) {
                        newCustomers.add(c); // a repeated customer changes nothing
                    }
                }
                in.flush(); // durable before anything is acknowledged
            } catch (RuntimeException e) {
                // nothing of this request is stored; a fresh importer (reloading the stored ids)
                // takes the caller's retry, so one failed commit does not stop ingest for good
                try {
                    in.abort();
                } catch (RuntimeException ignored) {
                    // already rolled back
                }
                store.discardUncommitted(); // what writeFirst wrote, and the sequence numbers it took
                importer = store.sharedImporter();
                throw e;
            }
            if (TRACE && System.nanoTime() - tWait > 20_000_000L) {
                org.slf4j.LoggerFactory.getLogger(Workspace.class).info("slow store of {} facts: waited {} ms held {} ms", incoming.size(),
                        (tIn - tWait) / 1e6, (System.nanoTime() - tIn) / 1e6);
            }
            return new Stored(facts, fresh, links, newCustomers, itemsOf, updates, in.lastSeqs(), ++storedGroups);
        }
    }

    /**
     * Applies a stored group to every model, runs the playbooks and stores their outcomes, the
     * layer moves and the applied marks in one transaction; one effect per fact.
     */
    private List<Effect> apply(Stored group, Map<Object, List<String>> scenariosOf) {
        return applyInMemory(group, scenariosOf).commit();
    }

    /**
     * Applies a stored group to every model and runs the playbooks; returns the commit that
     * stores their outcomes, the layer moves and the applied marks in one transaction (one effect
     * per fact), which the ingest queue's store stage runs while the next group is applied.
     */
    private IngestQueue.Commit applyInMemory(Stored group, Map<Object, List<String>> scenariosOf) {
        long tStart = System.nanoTime();
        List<Object> facts = group.facts();
        List<Boolean> fresh = group.fresh();
        Map<Object, Map<String, String>> updates = group.updates();
        if (!joinLive(group.newCustomers(), group.links())) {
            // the group's own customers and links are loaded with everything applied before it
            queue.awaitCommitted();
            Map<String, Long> bounds = new LinkedHashMap<>(store.appliedMarks());
            for (String identityTable : List.of("customers", "identity_links")) {
                if (group.marks().containsKey(identityTable)) {
                    bounds.put(identityTable, group.marks().get(identityTable));
                }
            }
            rebuild(bounds, null);
        }
        List<Effect> effects = new ArrayList<>();
        // models that agree on time zone and identities share one fact store, which takes each fact once:
        // each model's store by number, found once per group (a map per fact was 4% of applying at 1M)
        List<io.siyu.engine.LiveFacts> stores = new ArrayList<>();
        int[] storeOf = new int[layerings.size()];
        int numbered = 0;
        for (Layering l : layerings.values()) {
            int at = 0;
            while (at < stores.size() && stores.get(at) != l.facts()) {
                at++;
            }
            if (at == stores.size()) {
                stores.add(l.facts());
            }
            storeOf[numbered++] = at;
        }
        io.siyu.engine.LiveFacts.Added[] addedTo = new io.siyu.engine.LiveFacts.Added[stores.size()];
        Map<String, List<LayerChange>> moved = new LinkedHashMap<>();
        Map<String, Map<String, String>> attributesNow = new LinkedHashMap<>(); // customers updated by this group
        long tApply = System.nanoTime();
        for (int i = 0; i < facts.size(); i++) {
            Object f = facts.get(i);
            if (updates.containsKey(f)) {
                String id = ((Facts.Customer) f).customerId();
                if (!attributesNow.containsKey(id)) {
                    queue.awaitCommitted(); // a group still committing may hold this customer's last update
                }
                Map<String, String> before = attributesNow.containsKey(id) ? attributesNow.get(id) : store.customerAttributes(id);
                Map<String, String> merged = before == null ? null : new LinkedHashMap<>(before);
                if (merged != null) {
                    merged.putAll(updates.get(f));
                }
                if (merged == null || merged.equals(before)) {
                    effects.add(new Effect(List.of(), List.of(), List.of(), true)); // the values it has already
                } else {
                    effects.add(customerUpdated((Facts.Customer) f, merged, moved));
                    attributesNow.put(id, merged);
                }
                continue;
            }
            List<LayerChange> changes = new ArrayList<>();
            List<String> scenarios = new ArrayList<>();
            List<Outcome> outcomes = new ArrayList<>();
            List<io.siyu.playbook.PlaybookRunner.PassedOver> passedOver = List.of();
            List<String> detected = f instanceof Facts.Message ? scenariosOf.getOrDefault(f, List.of()) : List.of();
            java.util.Arrays.fill(addedTo, null);
            boolean isFresh = fresh.get(i);
            FactInfo info = f instanceof Facts.Customer ? null : FactInfo.of(f, group.itemsOf());
            int model = 0;
            for (Layering l : layerings.values()) {
                int store = storeOf[model++];
                if (info == null) {
                    continue;
                }
                // each shared fact store takes the fact once; every model over it then re-layers the customer
                io.siyu.engine.LiveFacts.Added added = addedTo[store];
                if (added == null) {
                    io.siyu.engine.LiveFacts lf = l.facts();
                    added = !isFresh ? new io.siyu.engine.LiveFacts.Added(lf.customerOf(info.person()), "repeat: already stored")
                            : info.addTo(lf);
                    addedTo[store] = added;
                }
                LiveEngine.Applied applied = added.added() ? l.engine().recomputed(added.customer(), info.table(), info.cause())
                        : new LiveEngine.Applied(false, added.refusal(), List.of());
                Operations.Result r = l.operations().after(applied, added.customer(), info.factId(), info.at(), info.eventType(), detected);
                if (r != null) {
                    // each addAll copies its argument into an array first, empty or not: most facts move nothing
                    if (!r.applied().changes().isEmpty()) {
                        changes.addAll(r.applied().changes());
                        moved.computeIfAbsent(l.model().model().name(), k -> new ArrayList<>()).addAll(r.applied().changes());
                    }
                    for (String s : r.scenarios()) { // a loop: a stream per fact and model was a third of all the server allocated
                        if (!scenarios.contains(s)) {
                            scenarios.add(s);
                        }
                    }
                    if (!r.outcomes().isEmpty()) {
                        outcomes.addAll(r.outcomes());
                    }
                    if (!r.passedOver().isEmpty()) {
                        passedOver = passedOver.isEmpty() ? new ArrayList<>() : passedOver;
                        passedOver.addAll(r.passedOver());
                    }
                }
            }
            List<OutcomeRow> earlier = List.of();
            if (!isFresh && addedTo.length > 0 && addedTo[0] != null) {
                int customer = addedTo[0].customer();
                if (customer >= 0) {
                    queue.awaitCommitted(); // the first delivery's outcomes may be in a group still committing
                    earlier = outcomesOf(stores.get(0).data().customers().id(customer), info.factId());
                }
            }
            effects.add(new Effect(changes, scenarios, outcomes, !fresh.get(i), earlier, false, passedOver));
        }
        long tSnap = System.nanoTime();
        Map<String, List<String[]>> moves = new LinkedHashMap<>();
        moved.forEach((model, changes) -> moves.put(model, snapshotMoves(model, changes)));
        // the outcomes, the layer moves behind them and the marks saying these facts are applied: one transaction
        long tOut = System.nanoTime();
        List<Outcome> all = new ArrayList<>();
        effects.forEach(e -> all.addAll(e.outcomes()));
        List<OutcomeRow> rows = all.stream().map(Workspace::row).toList();
        if (TRACE) {
            trace(tApply - tStart, tSnap - tApply, tOut - tSnap, System.nanoTime() - tOut);
        }
        return new IngestQueue.Commit() {
            @Override
            public List<Effect> write() {
                return answered(store.writeOutcomes(rows, moves, group.marks(), attributesNow));
            }

            @Override
            public List<Effect> commit() {
                return answered(store.saveOutcomes(rows, moves, group.marks(), attributesNow));
            }

            /** The effects with the outcomes that were new (a repeated key was stored before: not again). */
            private List<Effect> answered(boolean[] stored) {
                List<Effect> answered = new ArrayList<>();
                int k = 0;
                for (Effect e : effects) {
                    List<Outcome> kept = new ArrayList<>();
                    for (Outcome o : e.outcomes()) {
                        if (stored[k++]) {
                            kept.add(o); // messages, invitations and webhooks wait in the outbox for Deliveries
                        }
                    }
                    answered.add(new Effect(e.changes(), e.scenarios(), kept, e.repeat(), e.earlier(), e.updated(), e.passedOver()));
                }
                return answered;
            }
        };
    }

    /**
     * Reloads every model with what was applied, then applies what was stored after (facts
     * acknowledged before a crash or a failed apply); returns the number of the last group stored,
     * which this covers.
     */
    private long recover() {
        queue.awaitCommitted(); // the marks read next are those of every group applied before
        synchronized (store) { // no group is stored meanwhile: the tail read here is everything stored
            long covered = storedGroups;
            Tail tail = new Tail();
            Map<String, Long> marks = store.appliedMarks();
            rebuild(marks, tail);
            tail.updates.addAll(store.customerUpdatesAfter(marks.getOrDefault("customer_updates", 0L)));
            applyTail(tail);
            return covered;
        }
    }

    /** Applies the facts stored after the applied marks (customers and links first) as one group. */
    private void applyTail(Tail tail) {
        if (tail.facts.isEmpty() && tail.links.isEmpty() && tail.customers.isEmpty() && tail.updates.isEmpty()) {
            return;
        }
        Map<Object, List<String>> scenarios = new java.util.IdentityHashMap<>();
        for (Object f : tail.facts) {
            if (f instanceof Facts.Message m) {
                scenarios.put(m, Operations.scenarios(detector, m));
            }
        }
        List<Object> facts = new ArrayList<>(tail.customers);
        List<Boolean> fresh = new ArrayList<>(java.util.Collections.nCopies(facts.size(), true));
        Map<Object, Map<String, String>> updates = new java.util.IdentityHashMap<>();
        for (Facts.Customer update : tail.updates) {
            facts.add(update);
            fresh.add(false);
            updates.put(update, update.attributes());
        }
        facts.addAll(tail.facts);
        fresh.addAll(java.util.Collections.nCopies(tail.facts.size(), true));
        org.slf4j.LoggerFactory.getLogger(Workspace.class).info(
                "applying {} facts stored but not yet applied (acknowledged before a restart or a failed apply)", facts.size() + tail.links.size());
        apply(new Stored(facts, fresh, tail.links, tail.customers, tail.itemsOf, updates, store.lastSeqs(), 0), scenarios);
    }

    /** What {@link #applyTail} gets back from the store: the facts beyond the marks. */
    private static final class Tail implements io.siyu.facts.FactSink {
        final List<Facts.Customer> customers = new ArrayList<>();
        /** Attribute updates of known customers (read apart from the replay: not facts to load). */
        final List<Facts.Customer> updates = new ArrayList<>();
        final List<Facts.IdentityLink> links = new ArrayList<>();
        final List<Object> facts = new ArrayList<>();
        final Map<String, List<Facts.OrderItem>> itemsOf = new java.util.HashMap<>();

        @Override
        public boolean customer(Facts.Customer c) {
            return customers.add(c);
        }

        @Override
        public boolean identity(Facts.IdentityLink link) {
            return links.add(link);
        }

        @Override
        public boolean order(Facts.Order o) {
            return facts.add(o);
        }

        @Override
        public boolean orderItem(Facts.OrderItem item) {
            return itemsOf.computeIfAbsent(item.orderId(), k -> new ArrayList<>()).add(item);
        }

        @Override
        public boolean event(Facts.Event e) {
            return facts.add(e);
        }

        @Override
        public boolean message(Facts.Message m) {
            return facts.add(m);
        }

        @Override
        public boolean staff(Facts.Staff s) {
            return true; // staff and products are never applied live: always loaded
        }

        @Override
        public boolean product(Facts.Product p) {
            return true;
        }
    }

    /**
     * A known customer's new attribute values (already stored): every loaded data set takes them,
     * every model re-layers the customer and the playbooks act on what moved — consent withdrawn
     * or do_not_contact set blocks contact from then on. A new owner_staff_id is an ownership
     * transfer (kept in the history, open tasks handed over), as through the owner route.
     */
    private Effect customerUpdated(Facts.Customer customer, Map<String, String> attributes, Map<String, List<LayerChange>> moved) {
        Instant now = clock.instant();
        String id = customer.customerId();
        // the same values give the same id, so a resent update (a repeat) produces nothing twice
        String factId = "customer:" + id + ":" + Integer.toHexString(attributes.hashCode());
        String ownerBefore = null;
        Set<io.siyu.facts.Dataset> updated = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<LayerChange> changes = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (Layering l : layerings.values()) {
            io.siyu.facts.Dataset data = l.facts().data();
            int c = l.facts().customerOf(io.siyu.facts.PersonRef.customer(id));
            if (c < 0) {
                continue;
            }
            if (updated.add(data)) {
                io.siyu.facts.Column owner = data.customers().attribute("owner_staff_id");
                if (ownerBefore == null && owner != null) {
                    ownerBefore = owner.format(c);
                }
                data.customers().update(c, attributes, l.model().model().zone());
            }
            LiveEngine.Applied applied = l.engine().customerChanged(c, attributes, "customer " + id + " updated");
            Operations.Result r = l.operations().after(applied, c, factId, now.getEpochSecond(), null, List.of());
            changes.addAll(r.applied().changes());
            moved.computeIfAbsent(l.model().model().name(), k -> new ArrayList<>()).addAll(r.applied().changes());
            outcomes.addAll(r.outcomes());
        }
        String ownerAfter = attributes.get("owner_staff_id");
        if (ownerAfter != null && !ownerAfter.isBlank() && ownerBefore != null && !ownerAfter.equals(ownerBefore)) {
            store.transferCustomers(ownerBefore.isEmpty() ? null : ownerBefore, ownerAfter, List.of(id), now.getEpochSecond());
        }
        return new Effect(changes, List.of(), outcomes, false, List.of(), true);
    }

    /**
     * Adds new customers and identity links to the loaded data and engines without a rebuild;
     * false when that is not possible (an identity of a new customer, or a link, joins two people
     * already loaded: identities must be unified again).
     */
    private boolean joinLive(List<Facts.Customer> newCustomers, List<Facts.IdentityLink> links) {
        if (newCustomers.isEmpty() && links.isEmpty()) {
            return true;
        }
        Map<io.siyu.engine.LiveFacts, List<Layering>> byFacts = new java.util.IdentityHashMap<>();
        layerings.values().forEach(l -> byFacts.computeIfAbsent(l.facts(), k -> new ArrayList<>()).add(l));
        for (var e : byFacts.entrySet()) {
            io.siyu.engine.LiveFacts lf = e.getKey();
            java.util.Set<Facts.IdentityLink> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (Facts.Customer c : newCustomers) {
                io.siyu.facts.PersonRef self = io.siyu.facts.PersonRef.customer(c.customerId());
                java.util.LinkedHashSet<io.siyu.facts.PersonRef> refs = new java.util.LinkedHashSet<>(List.of(self));
                for (Facts.IdentityLink link : links) {
                    if (link.refs().contains(self)) {
                        refs.addAll(link.refs());
                        used.add(link);
                    }
                }
                int index = lf.addCustomer(c, new ArrayList<>(refs));
                if (index < 0) {
                    return false;
                }
                for (Layering l : e.getValue()) {
                    l.engine().customerAdded(index, c.attributes());
                    // their layers now, so the next day's build sees what time moves for them
                    Profiles p = l.engine().profiles();
                    List<LayerChange> joined = new ArrayList<>();
                    for (var d : l.model().model().definitions()) {
                        if (io.siyu.model.Definition.isLayer(d)) {
                            joined.add(new LayerChange(c.customerId(), d.name(), "", p.format(d.name(), index), asOf, "joined"));
                        }
                    }
                    updateSnapshot(l.model().model().name(), joined);
                }
            }
            for (Facts.IdentityLink link : links) {
                if (!used.contains(link) && !lf.link(link.refs())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The parts of a fact the live path needs, whatever its kind. */
    private record FactInfo(io.siyu.facts.PersonRef person, String factId, long at, String eventType, String cause, Object fact,
                            List<Facts.OrderItem> items) {
        /** The table the fact adds to (null: several — an order with its lines). */
        String table() {
            if (fact instanceof Facts.Order) {
                return items.isEmpty() ? "orders" : null;
            }
            return fact instanceof Facts.Event ? "events" : "messages";
        }

        static FactInfo of(Object f, Map<String, List<Facts.OrderItem>> itemsOf) {
            if (f instanceof Facts.Order o) {
                return new FactInfo(o.person(), "order:" + o.orderId(), o.orderedAt(), null, "order " + o.orderId(), f,
                        itemsOf.getOrDefault(o.orderId(), List.of()));
            }
            if (f instanceof Facts.Event e) {
                return new FactInfo(e.person(), "event:" + e.eventId(), e.occurredAt(), e.type(), "event " + e.type(), f, List.of());
            }
            Facts.Message m = (Facts.Message) f;
            return new FactInfo(m.person(), "message:" + m.messageId(), m.sentAt(), null, "message " + m.messageId(), f, List.of());
        }

        io.siyu.engine.LiveFacts.Added addTo(io.siyu.engine.LiveFacts lf) {
            if (fact instanceof Facts.Order o) {
                io.siyu.engine.LiveFacts.Added added = lf.add(o);
                if (added.added() && !items.isEmpty()) {
                    lf.addItems(added.customer(), o, items);
                }
                return added;
            }
            if (fact instanceof Facts.Event e) {
                return lf.add(e);
            }
            return lf.add((Facts.Message) fact);
        }
    }

    static OutcomeRow row(Outcome o) {
        if (o instanceof Outcome.Task t) {
            return new OutcomeRow(t.key(), "task", t.playbook(), t.rule(), t.customerId(), t.staffId(), "staff",
                    t.reason(), null, "open", t.createdAt().getEpochSecond(), t.dueAt().getEpochSecond());
        }
        if (o instanceof Outcome.Message m) {
            return new OutcomeRow(m.key(), "message", m.playbook(), m.rule(), m.customerId(), null,
                    m.channel(), m.text(), null, "queued", m.sentAt().getEpochSecond(), null);
        }
        if (o instanceof Outcome.Invite i) {
            return new OutcomeRow(i.key(), "invite", i.playbook(), i.rule(), i.customerId(), null,
                    i.channel(), i.text(), null, "queued", i.sentAt().getEpochSecond(), null, i.group());
        }
        if (o instanceof Outcome.Offer f) {
            return new OutcomeRow(f.key(), "offer", f.playbook(), f.rule(), f.customerId(), null,
                    "till", f.text(), null, "offered", f.at().getEpochSecond(), null, f.kind());
        }
        if (o instanceof Outcome.Tagging t) {
            return new OutcomeRow(t.key(), "tag", t.playbook(), t.rule(), t.customerId(), null,
                    "tags", t.tag(), null, t.added() ? "added" : "removed", t.at().getEpochSecond(), null, t.tag());
        }
        if (o instanceof Outcome.Webhook w) {
            return new OutcomeRow(w.key(), "webhook", w.playbook(), w.rule(), w.customerId(), null,
                    "webhook", w.body(), null, "queued", w.at().getEpochSecond(), null, w.url());
        }
        Outcome.Blocked b = (Outcome.Blocked) o;
        return new OutcomeRow(b.key(), "blocked", b.playbook(), b.rule(), b.customerId(), null,
                b.channel(), b.action(), b.reason(), "blocked", b.at().getEpochSecond(), null);
    }

    /** The customer's current values in the first model that knows them (empty when none does). */
    public synchronized Map<String, String> customerValues(String customerId) {
        for (Layering l : layerings.values()) {
            Profiles p = l.engine().profiles();
            int c = p.customers().indexOf(customerId);
            if (c >= 0) {
                Map<String, String> values = new LinkedHashMap<>();
                values.put("customer_id", customerId);
                values.put("owner_staff_id", p.format("owner_staff_id", c));
                for (String column : p.outputColumns()) {
                    values.put(column, p.formatOutput(column, c));
                }
                return values;
            }
        }
        return Map.of();
    }

    /**
     * The customer's index in a model, or -1: {@code id} is a survivor id or one of the customer's
     * identifiers as {@code kind:value} (e.g. {@code phone:13800000000}), looked up in the model's
     * identity index — a scan of every customer's identifiers held the workspace (and so ingest)
     * for seconds at a million customers whenever an id was unknown. Call holding the workspace.
     */
    int customerIndex(Layering layering, String id) {
        int i = layering.engine().profiles().customers().indexOf(id);
        return i >= 0 ? i : io.siyu.facts.PersonRef.parse(id).map(ref -> layering.engine().customerOf(ref)).orElse(-1);
    }

    public Instant asOf() {
        return asOf;
    }

    @Override
    public void close() {
        queue.close(); // before taking the lock: the queue's last group may need it
        synchronized (this) {
            closeStore();
        }
    }

    private void closeStore() {
        synchronized (store) {
            importer.close();
        }
        store.close();
    }
}
