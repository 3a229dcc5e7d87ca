package io.siyu.web;

import io.siyu.facts.Facts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Ingest in two stages on two threads, each taking what is waiting at once (group commit):
 * {@code siyu-store} writes to the store — in one transaction, the outcomes of the groups applied
 * since its last commit (tasks, messages, layer moves and the marks saying those facts are
 * applied) and the facts of waiting requests (up to {@link #MAX_GROUP_FACTS}) — and
 * {@code siyu-apply} applies the stored groups to the engines and playbooks. The apply stage is
 * the serial one — every fact of every model goes through it — so it does nothing else; storing
 * waits for the engines to take a group (back-pressure) and applying for the commit of all but the
 * last {@link #MAX_COMMITS_WAITING} groups. One writer, one commit per turn: two stages taking
 * turns on the store's one connection made each wait for the other (docs/benchmarks.md). A caller
 * asking for {@link Ack#STORED} is answered once its facts are durable; one asking for
 * {@link Ack#APPLIED} once its outcomes are committed too. If a turn's transaction fails, the
 * outcomes are committed on their own and the facts stored on their own, request by request if
 * need be, so one bad request fails alone. If applying or committing fails, the callers waiting
 * for it (and for every group applied after it) get the error and the engines are rebuilt from the
 * store, applying every stored fact whose outcomes were not committed ({@link Pipeline#recover}).
 */
final class IngestQueue implements AutoCloseable {
    /** When a caller is answered. */
    enum Ack {
        /** Once its facts are durable; they are applied right behind (the engines' lag: {@link IngestStats}). */
        STORED,
        /** Once its facts are applied and their tasks and messages committed. */
        APPLIED
    }

    /** The stages (and the way back after a failed apply or commit). */
    interface Pipeline {
        /**
         * Stores the facts in one commit, which also commits what {@code writeFirst} writes into
         * the transaction before them (outcomes: {@link Commit#write}); throws when nothing was
         * stored, and then nothing {@code writeFirst} wrote is either.
         */
        Workspace.Stored store(List<Object> incoming, Runnable writeFirst);

        /**
         * Applies stored facts in memory and returns the commit of their outcomes (one effect per
         * fact with an effect), which the store stage runs while the next group is applied.
         * Commits run in the order groups were applied.
         */
        Commit apply(Workspace.Stored stored, Map<Object, List<String>> scenarios);

        /** Reloads the engines and applies every stored fact not yet applied; returns the last stored group it covered. */
        long recover();

        /**
         * For callers waiting for the outcomes of a group that {@link #recover} applied: one effect
         * per fact, with what was stored for it. By default only each fact's acknowledgement.
         */
        default List<Workspace.Effect> appliedByRecovery(Workspace.Stored stored) {
            return stored.acknowledgements();
        }
    }

    /** What applying a group left to commit: one effect per fact once it is committed. */
    interface Commit {
        /**
         * Writes the outcomes into the store's open transaction, committed with the facts stored
         * next ({@link Pipeline#store}); the effects hold once that commits.
         */
        List<Workspace.Effect> write();

        /** Writes the outcomes and commits them on their own. */
        List<Workspace.Effect> commit();
    }

    private record Request(List<Object> incoming, Map<Object, List<String>> scenarios, Ack ack,
                           CompletableFuture<List<Workspace.Effect>> answer) {
        /** How many effects the request gets back: one per fact (links and order lines have none of their own). */
        int effects() {
            return (int) incoming.stream().filter(f -> !(f instanceof Facts.IdentityLink) && !(f instanceof Facts.OrderItem)).count();
        }
    }

    /** Requests whose facts are stored (as one group), waiting to be applied. */
    private record StoredRequests(List<Request> requests, Workspace.Stored stored, long storedAtNanos) {}

    /** Groups applied together, waiting for their outcomes to be committed. */
    private record AppliedGroups(List<StoredRequests> groups, Commit commit) {}

    /**
     * A store group takes no more requests once this many facts are in it (one request always
     * fits, whatever its size). Under load the engines apply one group while the next waits, so
     * this sets the time from acknowledgement to task: at a million customers 1,000 gave a p99 of
     * 114 ms, 250 of 66 ms and 100 of 48 ms, at 11,168 – 12,322 facts/s (docs/benchmarks.md).
     * {@code -Dsiyu.ingest.maxGroup} overrides.
     */
    static final int MAX_GROUP_FACTS = io.siyu.tuning.Tuning.intProperty("siyu.ingest.maxGroup", 100, 1);
    private static final boolean TRACE = Boolean.getBoolean("siyu.ingest.trace");
    /** Stored groups applied together stop at this many facts. */
    static final int MAX_APPLY_FACTS = 4_000;
    /**
     * The store stage waits while more stored facts than this wait for the apply stage to take
     * them: callers then wait for room instead of the engines falling ever further behind (and the
     * facts queued between the stages holding memory). At 0 one group is stored while the one
     * before it is applied. {@code -Dsiyu.ingest.maxQueued} overrides.
     */
    static final long MAX_QUEUED_FACTS = io.siyu.tuning.Tuning.longProperty("siyu.ingest.maxQueued", 0, 0);

    /** Reads the {@code -Dsiyu.ingest.…} knobs now (as {@link io.siyu.store.Store#checkTuning}). */
    static void checkTuning() {
        long[] readNow = {MAX_GROUP_FACTS, MAX_QUEUED_FACTS}; // initialises this class
    }

    /**
     * The apply stage waits while this many applied groups wait for their commit: enough for the
     * next group to be applied while one commits, and not so many that a slow commit (a checkpoint
     * holding the store) lets the engines run far ahead of what is durable.
     */
    static final int MAX_COMMITS_WAITING = 2;

    private final Pipeline pipeline;
    private final long maxQueued;
    private final BlockingQueue<Request> waiting = new LinkedBlockingQueue<>();
    /** What the store stage waits on: requests waiting, room in the apply stage, outcomes to commit, closing. */
    private final Object storeWork = new Object();
    private final BlockingQueue<StoredRequests> stored = new LinkedBlockingQueue<>();
    private final BlockingQueue<AppliedGroups> committing = new java.util.concurrent.ArrayBlockingQueue<>(MAX_COMMITS_WAITING);
    /** Applied groups not yet committed (or failed): what {@link #awaitCommitted} waits for. */
    private int uncommitted;
    /** Set by the store stage when a commit failed: every later commit fails too, until the apply stage has recovered. */
    private volatile boolean commitFailed;
    private final IngestStats stats = new IngestStats();
    private final Thread storer;
    private final Thread applier;
    private volatile boolean open = true;
    /** Set once closing has committed what was applied: the store stage then ends. */
    private volatile boolean storeStageDone;
    /** Set while the store stage stores requests it took (closing waits for them to reach the apply stage). */
    private volatile boolean storingRequests;
    /** Set when applying failed and recovering did too: the next group recovers first. */
    private boolean mustRecover;
    /** Stored groups up to this number were applied by a recovery: they are not applied again. */
    private long recoveredThrough;

    IngestQueue(Pipeline pipeline) {
        this(pipeline, MAX_QUEUED_FACTS);
    }

    IngestQueue(Pipeline pipeline, long maxQueued) {
        this.pipeline = pipeline;
        this.maxQueued = maxQueued;
        this.storer = new Thread(this::storeLoop, "siyu-store");
        this.applier = new Thread(this::applyLoop, "siyu-apply");
        storer.setDaemon(true);
        applier.setDaemon(true);
        storer.start();
        applier.start();
    }

    /** Queues the facts and waits as {@code ack} says; throws what storing or applying them threw. */
    List<Workspace.Effect> submit(List<Object> incoming, Map<Object, List<String>> scenarios, Ack ack) {
        if (!open) {
            throw new IllegalStateException("the server is shutting down: facts are no longer taken");
        }
        Request r = new Request(incoming, scenarios, ack, new CompletableFuture<>());
        waiting.add(r);
        wakeStoreStage();
        if (!open && waiting.remove(r)) { // closed meanwhile: the store thread may have drained the queue already
            throw new IllegalStateException("the server is shutting down: facts are no longer taken");
        }
        try {
            return r.answer().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Like {@link #submit(List, Map, Ack)} waiting for the outcomes. */
    List<Workspace.Effect> submit(List<Object> incoming, Map<Object, List<String>> scenarios) {
        return submit(incoming, scenarios, Ack.APPLIED);
    }

    /** How many requests are waiting to be stored now. */
    int waiting() {
        return waiting.size();
    }

    /** How many applied groups are waiting for the store stage to commit their outcomes now. */
    int appliedWaitingForCommit() {
        return committing.size();
    }

    IngestStats stats() {
        return stats;
    }

    private void wakeStoreStage() {
        synchronized (storeWork) {
            storeWork.notifyAll();
        }
    }

    /** Whether the store stage may store the waiting requests now: there are some, and room behind the apply stage. */
    private boolean requestsMayBeStored() {
        return !waiting.isEmpty() && (!open || stats.queued() <= maxQueued);
    }

    private void storeLoop() {
        while (true) {
            synchronized (storeWork) {
                while (committing.isEmpty() && !requestsMayBeStored() && !storeStageDone) {
                    try {
                        storeWork.wait();
                    } catch (InterruptedException e) {
                        // closing sets the flags this loop checks
                    }
                }
                if (storeStageDone && committing.isEmpty()) {
                    break;
                }
            }
            List<AppliedGroups> applied = new ArrayList<>();
            committing.drainTo(applied);
            storingRequests = true; // before looking at open: close() then sees it set, or this sees open false
            List<Request> group = open && requestsMayBeStored() ? takeGroup() : List.of();
            if (!open) {
                for (Request r; (r = waiting.poll()) != null; ) {
                    r.answer().completeExceptionally(new IllegalStateException("the server is shutting down: facts were not taken; send them again"));
                }
            }
            try {
                if (group.isEmpty()) {
                    applied.forEach(this::commit);
                } else {
                    storeGroup(group, applied);
                }
            } catch (Throwable e) { // the thread must outlive any one turn, or every later request would wait forever
                group.forEach(r -> r.answer().completeExceptionally(e));
                if (!applied.isEmpty()) { // unknown how far the outcomes got: the engines reload before the next group
                    commitFailed = true;
                    applied.forEach(a -> failApplying(a.groups(), e));
                }
            } finally {
                storingRequests = false;
                synchronized (committing) {
                    uncommitted -= applied.size();
                    committing.notifyAll();
                }
            }
        }
    }

    /** The waiting requests stored together: up to {@link #MAX_GROUP_FACTS} facts, and always the first. */
    private List<Request> takeGroup() {
        List<Request> group = new ArrayList<>();
        Request first = waiting.poll();
        if (first == null) {
            return group;
        }
        group.add(first);
        int facts = first.incoming().size();
        for (Request next; (next = waiting.peek()) != null && facts + next.incoming().size() <= MAX_GROUP_FACTS; ) {
            if (!waiting.remove(next)) {
                break; // a caller took it back as the queue closed
            }
            group.add(next);
            facts += next.incoming().size();
        }
        return group;
    }

    /**
     * Stores the requests' facts in one transaction with the outcomes of the applied groups. If
     * it fails, neither is stored: the outcomes are then committed on their own, and the facts
     * stored on their own (request by request if need be).
     */
    private void storeGroup(List<Request> group, List<AppliedGroups> applied) {
        if (applied.isEmpty() || commitFailed) {
            applied.forEach(this::commit); // after a failed commit: fails them, their marks must not be committed
            storeGroup(group);
            return;
        }
        List<Object> incoming = new ArrayList<>();
        group.forEach(r -> incoming.addAll(r.incoming()));
        List<List<Workspace.Effect>> written = new ArrayList<>();
        Workspace.Stored s;
        try {
            s = pipeline.store(incoming, () -> applied.forEach(a -> written.add(a.commit().write())));
        } catch (RuntimeException | Error turnFailed) {
            applied.forEach(this::commit);
            if (written.size() < applied.size()) {
                storeGroup(group); // the outcomes failed before the facts were tried
            } else {
                storingFailed(group, turnFailed);
            }
            return;
        }
        for (int i = 0; i < applied.size(); i++) {
            answerCommitted(applied.get(i), written.get(i));
        }
        answerStored(group, s);
    }

    private void storeGroup(List<Request> group) {
        List<Object> incoming = new ArrayList<>();
        group.forEach(r -> incoming.addAll(r.incoming()));
        Workspace.Stored s;
        try {
            s = pipeline.store(incoming, () -> { });
        } catch (RuntimeException groupFailed) {
            storingFailed(group, groupFailed);
            return;
        }
        answerStored(group, s);
    }

    private void storingFailed(List<Request> group, Throwable failed) {
        if (group.size() == 1) {
            group.get(0).answer().completeExceptionally(failed);
            return;
        }
        // a group whose facts could not be stored stored none of them: each request alone, so only the one at fault fails
        group.forEach(r -> storeGroup(List.of(r)));
    }

    /** Answers the callers waiting for their facts to be durable and hands the group to the apply stage. */
    private void answerStored(List<Request> group, Workspace.Stored s) {
        long now = System.nanoTime();
        stats.stored(s.facts().size());
        List<Workspace.Effect> acks = null;
        int from = 0;
        for (Request r : group) {
            int to = from + r.effects();
            if (r.ack() == Ack.STORED) {
                acks = acks != null ? acks : s.acknowledgements();
                r.answer().complete(List.copyOf(acks.subList(from, to)));
            }
            from = to;
        }
        stored.add(new StoredRequests(group, s, now));
    }

    private void applyLoop() {
        while (true) {
            List<StoredRequests> groups = new ArrayList<>();
            try {
                groups.add(stored.take());
            } catch (InterruptedException e) {
                break;
            }
            int facts = groups.get(0).stored().facts().size();
            for (StoredRequests next; facts < MAX_APPLY_FACTS && (next = stored.poll()) != null; ) {
                groups.add(next);
                facts += next.stored().facts().size();
            }
            stats.taken(facts);
            wakeStoreStage(); // room for the next group
            if (TRACE) {
                long waited = System.nanoTime() - groups.get(0).storedAtNanos();
                if (waited > 40_000_000L) {
                    org.slf4j.LoggerFactory.getLogger(IngestQueue.class).info("group of {} facts waited {} ms to be applied", facts, waited / 1e6);
                }
            }
            try {
                applyGroups(groups);
            } catch (InterruptedException e) { // closing while waiting for room for outcomes to commit
                failApplying(groups, new IllegalStateException("the server is shutting down: the facts are stored and will be applied at the next start"));
                break;
            } catch (Throwable e) { // as above: the thread outlives any one group
                mustRecover = true; // whatever these groups did to the engines, the next group starts from a reload
                groups.forEach(g -> g.requests().forEach(r -> r.answer().completeExceptionally(e)));
                long now = System.nanoTime();
                groups.forEach(g -> stats.applied(g.stored().facts().size(), now - g.storedAtNanos()));
            }
        }
        for (StoredRequests g; (g = stored.poll()) != null; ) {
            g.requests().forEach(r -> r.answer().completeExceptionally(
                    new IllegalStateException("the server is shutting down: the facts are stored and will be applied at the next start")));
        }
    }

    private void applyGroups(List<StoredRequests> groups) throws InterruptedException {
        if (commitFailed) {
            awaitCommitted(); // the groups behind the failed one have failed too: nothing of theirs is committed
            mustRecover = true;
            commitFailed = false;
        }
        if (mustRecover) {
            recover();
            if (mustRecover) {
                // nothing is applied on engines that could not be reloaded, so the marks stay behind these facts
                failApplying(groups, new IllegalStateException("the engines could not be reloaded after a failed apply (see the log); "
                        + "the facts are stored and are applied when a reload succeeds or at the next start"));
                return;
            }
        }
        List<StoredRequests> todo = groups.stream().filter(g -> g.stored().group() > recoveredThrough).toList();
        for (StoredRequests g : groups) {
            if (g.stored().group() <= recoveredThrough) {
                answerApplied(g, appliedByRecovery(g.stored())); // applied by the recovery: its outcomes are in the store
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        Map<Object, List<String>> scenarios = new java.util.IdentityHashMap<>();
        todo.forEach(g -> g.requests().forEach(r -> scenarios.putAll(r.scenarios())));
        Commit commit;
        try {
            commit = pipeline.apply(Workspace.Stored.merge(todo.stream().map(StoredRequests::stored).toList()), scenarios);
        } catch (RuntimeException | Error failed) {
            org.slf4j.LoggerFactory.getLogger(IngestQueue.class).error("applying stored facts failed; reloading and applying them again", failed);
            failApplying(todo, failed);
            awaitCommitted(); // the reload reads what the groups before these committed
            mustRecover = true;
            recover();
            return;
        }
        synchronized (committing) {
            uncommitted++;
        }
        try {
            committing.put(new AppliedGroups(todo, commit));
            wakeStoreStage();
        } catch (InterruptedException closing) { // never queued: nothing to wait for
            synchronized (committing) {
                uncommitted--;
                committing.notifyAll();
            }
            throw closing;
        }
    }

    /** Commits the outcomes of the applied groups on their own. */
    private void commit(AppliedGroups applied) {
        if (commitFailed) {
            // a group applied after one whose commit failed: committing its marks would say the failed group's facts are applied
            failApplying(applied.groups(), new IllegalStateException("the outcomes of facts applied before these could not be committed; "
                    + "the facts are stored and are applied again by a reload"));
            return;
        }
        List<Workspace.Effect> effects;
        try {
            effects = applied.commit().commit();
        } catch (RuntimeException | Error failed) {
            org.slf4j.LoggerFactory.getLogger(IngestQueue.class).error("committing the outcomes of applied facts failed; reloading and applying them again", failed);
            commitFailed = true;
            failApplying(applied.groups(), failed);
            return;
        }
        answerCommitted(applied, effects);
    }

    private void answerCommitted(AppliedGroups applied, List<Workspace.Effect> effects) {
        int from = 0;
        for (StoredRequests g : applied.groups()) {
            int to = from + g.stored().facts().size();
            answerApplied(g, effects.subList(from, to));
            from = to;
        }
    }

    /**
     * Waits until every applied group is committed (or has failed): what is in the store then
     * matches the engines. Call it before reading outcomes or marks back, or writing anything that
     * must come after them (a transfer of tasks, a layer snapshot). Never while holding the store.
     */
    void awaitCommitted() {
        awaitCommitted(Long.MAX_VALUE);
    }

    /** Like {@link #awaitCommitted()} for at most {@code maxNanos}; true when nothing is left to commit. */
    private boolean awaitCommitted(long maxNanos) {
        if (Thread.currentThread() == storer) {
            return true;
        }
        long deadline = maxNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + maxNanos;
        synchronized (committing) {
            boolean interrupted = false;
            while (uncommitted > 0) {
                long left = deadline == Long.MAX_VALUE ? 0 : (deadline - System.nanoTime()) / 1_000_000L;
                if (deadline != Long.MAX_VALUE && left <= 0) {
                    break;
                }
                try {
                    committing.wait(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return uncommitted == 0;
        }
    }

    /** What a reload that applied this group produced for each of its facts, read back from the store. */
    private List<Workspace.Effect> appliedByRecovery(Workspace.Stored group) {
        try {
            return pipeline.appliedByRecovery(group);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(IngestQueue.class).warn("cannot read back the outcomes of facts a reload applied", e);
            return group.acknowledgements(); // applied all the same: the callers learn that much
        }
    }

    /**
     * Fails the callers waiting for these groups' outcomes; the facts are stored and owed (applied by
     * a reload or at the next start), so they no longer hold the store stage back.
     */
    private void failApplying(List<StoredRequests> groups, Throwable failed) {
        long now = System.nanoTime();
        for (StoredRequests g : groups) {
            stats.applied(g.stored().facts().size(), now - g.storedAtNanos());
            g.requests().forEach(r -> {
                if (r.ack() == Ack.APPLIED) {
                    r.answer().completeExceptionally(failed);
                }
            });
        }
    }

    /** Answers the group's callers waiting for the outcomes and records how long the facts waited to be applied. */
    private void answerApplied(StoredRequests g, List<Workspace.Effect> effects) {
        // counted before anyone is answered: a caller who then asks GET /api/ingest sees its facts applied
        stats.applied(g.stored().facts().size(), System.nanoTime() - g.storedAtNanos());
        int from = 0;
        for (Request r : g.requests()) {
            int to = from + r.effects();
            if (r.ack() == Ack.APPLIED) {
                r.answer().complete(List.copyOf(effects.subList(from, to)));
            }
            from = to;
        }
    }

    private void recover() {
        try {
            recoveredThrough = pipeline.recover();
            mustRecover = false;
        } catch (RuntimeException | Error e) {
            mustRecover = true;
            org.slf4j.LoggerFactory.getLogger(IngestQueue.class).error("recovering after a failed apply failed; trying again with the next facts", e);
        }
    }

    @Override
    public void close() {
        open = false;
        wakeStoreStage(); // it answers the waiting requests and goes on committing outcomes
        try {
            // what was stored is applied before the store closes; anything later waits for the next start
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((storingRequests || !stored.isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            applier.interrupt();
            applier.join(10_000);
            awaitCommitted(10_000_000_000L); // what was applied is committed before the store closes (a stuck commit: not forever)
            storeStageDone = true;
            wakeStoreStage();
            storer.join(10_000);
            for (AppliedGroups g; (g = committing.poll()) != null; ) { // left by a commit that did not finish in time
                failApplying(g.groups(), new IllegalStateException("the server is shutting down: the facts are stored and will be applied at the next start"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // whatever a thread still held when it stopped: its callers are answered, not left waiting
        IllegalStateException closing = new IllegalStateException("the server is shutting down: send the facts again "
                + "(any that were stored are repeats, and stored facts are applied at the next start)");
        for (Request r; (r = waiting.poll()) != null; ) {
            r.answer().completeExceptionally(closing);
        }
        for (StoredRequests g; (g = stored.poll()) != null; ) {
            g.requests().forEach(r -> r.answer().completeExceptionally(closing));
        }
    }
}
