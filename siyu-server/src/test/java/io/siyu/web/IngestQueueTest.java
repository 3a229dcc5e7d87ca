package io.siyu.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siyu.facts.Facts;
import io.siyu.facts.PersonRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IngestQueueTest {
    private static Facts.Event event(String id) {
        return new Facts.Event(id, PersonRef.customer("C1"), 0, "page_view", Map.of());
    }

    /** One effect per fact, naming the fact, so each caller can see it got exactly its own. */
    private static List<Workspace.Effect> effects(Workspace.Stored stored) {
        List<Workspace.Effect> out = new ArrayList<>();
        for (Object f : stored.facts()) {
            out.add(new Workspace.Effect(List.of(), List.of(((Facts.Event) f).eventId()), List.of(), false));
        }
        return out;
    }

    /** A commit whose outcomes are the given effects, written with the next facts or committed alone. */
    private static IngestQueue.Commit committing(java.util.function.Supplier<List<Workspace.Effect>> effects) {
        return new IngestQueue.Commit() {
            @Override
            public List<Workspace.Effect> write() {
                return effects.get();
            }

            @Override
            public List<Workspace.Effect> commit() {
                return effects.get();
            }
        };
    }

    private static final java.util.concurrent.atomic.AtomicLong GROUPS = new java.util.concurrent.atomic.AtomicLong();

    private static Workspace.Stored stored(List<Object> facts) {
        for (Object f : facts) {
            if (((Facts.Event) f).eventId().equals("poison")) {
                throw new IllegalArgumentException("cannot store poison");
            }
        }
        return new Workspace.Stored(facts, Collections.nCopies(facts.size(), true), List.of(), List.of(), Map.of(), Map.of(), Map.of(),
                GROUPS.incrementAndGet());
    }

    /**
     * A queue whose first request is held inside store until {@link #release}: requests submitted
     * meanwhile wait, and are then taken as one group. Records the size of every store call.
     */
    private static final class HeldQueue implements AutoCloseable {
        final CountDownLatch firstInside = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        final List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
        final IngestQueue queue = new IngestQueue(new IngestQueue.Pipeline() {
            @Override
            public Workspace.Stored store(List<Object> facts, Runnable writeFirst) {
                writeFirst.run();
                calls.add(facts.size());
                if (calls.size() == 1) {
                    firstInside.countDown();
                    await(released);
                }
                return stored(facts);
            }

            @Override
            public IngestQueue.Commit apply(Workspace.Stored s, Map<Object, List<String>> scenarios) {
                return committing(() -> effects(s));
            }

            @Override
            public long recover() {
                throw new AssertionError("nothing fails to apply here");
            }
        });
        final CompletableFuture<List<Workspace.Effect>> first;

        HeldQueue() throws InterruptedException {
            first = submit("a1");
            assertThat(firstInside.await(10, TimeUnit.SECONDS)).isTrue();
        }

        CompletableFuture<List<Workspace.Effect>> submit(String... ids) {
            List<Object> facts = new ArrayList<>();
            for (String id : ids) {
                facts.add(event(id));
            }
            return CompletableFuture.supplyAsync(() -> queue.submit(facts, Map.of()));
        }

        /** Lets the first request finish once {@code count} more are waiting behind it. */
        void releaseWhenWaiting(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (queue.waiting() < count && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(queue.waiting()).isEqualTo(count);
            released.countDown();
        }

        @Override
        public void close() {
            queue.close();
        }
    }

    @Test
    void a_caller_acknowledged_once_stored_is_answered_while_the_facts_are_still_being_applied() throws Exception {
        CountDownLatch applying = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        try (IngestQueue queue = new IngestQueue(new IngestQueue.Pipeline() {
            @Override
            public Workspace.Stored store(List<Object> facts, Runnable writeFirst) {
                writeFirst.run();
                return stored(facts);
            }

            @Override
            public IngestQueue.Commit apply(Workspace.Stored s, Map<Object, List<String>> scenarios) {
                applying.countDown();
                await(finish);
                return committing(() -> effects(s));
            }

            @Override
            public long recover() {
                throw new AssertionError("nothing fails to apply here");
            }
        })) {
            List<Workspace.Effect> acked = queue.submit(List.of(event("s1"), event("s2")), Map.of(), IngestQueue.Ack.STORED);
            assertThat(acked).hasSize(2).allSatisfy(e -> {
                assertThat(e.repeat()).isFalse();
                assertThat(e.scenarios()).as("applying has not finished").isEmpty();
            });
            assertThat(applying.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<List<Workspace.Effect>> waited = CompletableFuture.supplyAsync(() -> queue.submit(List.of(event("w1")), Map.of()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (queue.stats().snapshot(0).pendingFacts() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10); // until the second request is stored too
            }
            assertThat(queue.stats().snapshot(0).pendingFacts()).isEqualTo(3);
            Thread.sleep(100);
            assertThat(waited).as("an ack=applied caller waits for the outcomes").isNotDone();
            finish.countDown();
            assertThat(waited.get(10, TimeUnit.SECONDS)).flatExtracting(Workspace.Effect::scenarios).containsExactly("w1");
            IngestStats.Snapshot s = queue.stats().snapshot(0);
            assertThat(s.storedFacts()).isEqualTo(3);
            assertThat(s.appliedFacts()).isEqualTo(3);
            assertThat(s.groups()).isEqualTo(2);
            assertThat(s.lagMaxMillis()).isGreaterThanOrEqualTo(100.0);
        }
    }

    @Test
    void one_group_is_stored_while_another_is_applied_and_storing_then_waits() throws Exception {
        CountDownLatch applying = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        try (IngestQueue queue = new IngestQueue(new IngestQueue.Pipeline() {
            @Override
            public Workspace.Stored store(List<Object> facts, Runnable writeFirst) {
                writeFirst.run();
                return stored(facts);
            }

            @Override
            public IngestQueue.Commit apply(Workspace.Stored s, Map<Object, List<String>> scenarios) {
                applying.countDown();
                await(finish);
                return committing(() -> effects(s));
            }

            @Override
            public long recover() {
                throw new AssertionError("nothing fails to apply here");
            }
        }, 0)) {
            assertThat(queue.submit(List.of(event("p1"), event("p2"), event("p3")), Map.of(), IngestQueue.Ack.STORED)).hasSize(3);
            assertThat(applying.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(queue.submit(List.of(event("p4")), Map.of(), IngestQueue.Ack.STORED))
                    .as("the group being applied does not hold the next one back").hasSize(1);
            CompletableFuture<List<Workspace.Effect>> next = CompletableFuture.supplyAsync(
                    () -> queue.submit(List.of(event("p5")), Map.of(), IngestQueue.Ack.STORED));
            Thread.sleep(200);
            assertThat(next).as("p4 waits for the apply stage to take it: no room yet").isNotDone();
            assertThat(queue.stats().snapshot(0).pendingFacts()).isEqualTo(4);
            finish.countDown();
            assertThat(next.get(10, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void when_applying_fails_its_waiting_callers_get_the_error_and_the_engines_recover() throws Exception {
        List<String> recoveries = Collections.synchronizedList(new ArrayList<>());
        try (IngestQueue queue = new IngestQueue(new IngestQueue.Pipeline() {
            long last;

            @Override
            public Workspace.Stored store(List<Object> facts, Runnable writeFirst) {
                writeFirst.run();
                Workspace.Stored s = stored(facts);
                last = s.group();
                return s;
            }

            @Override
            public IngestQueue.Commit apply(Workspace.Stored s, Map<Object, List<String>> scenarios) {
                if (s.facts().stream().anyMatch(f -> ((Facts.Event) f).eventId().equals("breaks-apply"))) {
                    throw new IllegalStateException("disk full while storing outcomes");
                }
                return committing(() -> effects(s));
            }

            @Override
            public long recover() {
                recoveries.add("recovered");
                return last;
            }
        })) {
            assertThatThrownBy(() -> queue.submit(List.of(event("breaks-apply")), Map.of()))
                    .hasMessageContaining("disk full while storing outcomes");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (recoveries.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(recoveries).as("the stored facts are applied again by a reload").hasSize(1);
            assertThat(queue.submit(List.of(event("next")), Map.of())).flatExtracting(Workspace.Effect::scenarios).containsExactly("next");
        }
    }

    @Test
    void callers_of_a_group_a_reload_applied_get_what_the_reload_stored_for_their_facts() throws Exception {
        CountDownLatch behindStored = new CountDownLatch(1);
        CountDownLatch applying = new CountDownLatch(1);
        try (IngestQueue queue = new IngestQueue(new IngestQueue.Pipeline() {
            volatile long last;

            @Override
            public Workspace.Stored store(List<Object> facts, Runnable writeFirst) {
                writeFirst.run();
                Workspace.Stored s = stored(facts);
                last = s.group();
                if (((Facts.Event) facts.get(0)).eventId().equals("behind")) {
                    behindStored.countDown();
                }
                return s;
            }

            @Override
            public IngestQueue.Commit apply(Workspace.Stored s, Map<Object, List<String>> scenarios) {
                if (((Facts.Event) s.facts().get(0)).eventId().equals("breaks-apply")) {
                    applying.countDown();
                    await(behindStored); // the next request is stored meanwhile: the reload applies it
                    throw new IllegalStateException("disk full while storing outcomes");
                }
                return committing(() -> effects(s));
            }

            @Override
            public long recover() {
                return last;
            }

            @Override
            public List<Workspace.Effect> appliedByRecovery(Workspace.Stored s) {
                return s.facts().stream().map(f -> new Workspace.Effect(List.of(), List.of("reloaded:" + ((Facts.Event) f).eventId()),
                        List.of(), false)).toList();
            }
        })) {
            CompletableFuture<List<Workspace.Effect>> failing = CompletableFuture.supplyAsync(() -> queue.submit(List.of(event("breaks-apply")), Map.of()));
            assertThat(applying.await(10, TimeUnit.SECONDS)).isTrue(); // so the next request is a group of its own
            List<Workspace.Effect> behind = queue.submit(List.of(event("behind")), Map.of());
            assertThat(behind).flatExtracting(Workspace.Effect::scenarios).containsExactly("reloaded:behind");
            assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasMessageContaining("disk full while storing outcomes");
        }
    }

    /**
     * A pipeline whose commits run what the first fact id says: hold on a latch ("held…"), fail
     * ("…fails"); applying a group whose first id starts with "gated-" waits for {@link #openGate},
     * storing "stuck-store" for {@link #releaseStore}. Storing "poison" fails after writing the
     * outcomes it was given.
     */
    private static final class CommitStagePipeline implements IngestQueue.Pipeline {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        /** What write() wrote, in order: only the store stage writes (the log also gets the apply stage's entries meanwhile). */
        final List<String> writes = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch commitHeld = new CountDownLatch(1);
        final CountDownLatch releaseCommit = new CountDownLatch(1);
        final CountDownLatch gateReached = new CountDownLatch(1);
        final CountDownLatch openGate = new CountDownLatch(1);
        final CountDownLatch storeHeld = new CountDownLatch(1);
        final CountDownLatch releaseStore = new CountDownLatch(1);
        /** The last group applied: what a reload covers here (a group stored after it is applied as usual). */
        volatile long lastApplied;

        @Override
        public Workspace.Stored store(List<Object> facts, Runnable writeFirst) {
            int before = writes.size();
            writeFirst.run();
            List<String> written = List.copyOf(writes.subList(before, writes.size()));
            String first = ((Facts.Event) facts.get(0)).eventId();
            if (first.equals("stuck-store")) {
                storeHeld.countDown();
                await(releaseStore);
            }
            log.add("store " + first + (written.isEmpty() ? "" : " with " + written));
            return stored(facts);
        }

        @Override
        public IngestQueue.Commit apply(Workspace.Stored s, Map<Object, List<String>> scenarios) {
            String first = ((Facts.Event) s.facts().get(0)).eventId();
            if (first.startsWith("gated-")) {
                gateReached.countDown();
                await(openGate);
            }
            log.add("apply " + first);
            lastApplied = s.group();
            return new IngestQueue.Commit() {
                @Override
                public List<Workspace.Effect> write() {
                    return run("write");
                }

                @Override
                public List<Workspace.Effect> commit() {
                    return run("commit");
                }

                private List<Workspace.Effect> run(String how) {
                    if (first.contains("held")) {
                        commitHeld.countDown();
                        await(releaseCommit);
                    }
                    if (first.endsWith("fails")) {
                        throw new IllegalStateException("disk full while storing outcomes");
                    }
                    log.add(how + " " + first);
                    if (how.equals("write")) {
                        writes.add(how + " " + first);
                    }
                    return effects(s);
                }
            };
        }

        @Override
        public long recover() {
            log.add("recover");
            return lastApplied;
        }

        void awaitLogged(String entry) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!log.contains(entry) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(log).contains(entry);
        }
    }

    /** Submits {@code id} in the background once the gated group is being applied, and returns when it is stored. */
    private static CompletableFuture<List<Workspace.Effect>> storedBehindTheGate(IngestQueue queue, CommitStagePipeline pipeline, String id)
            throws Exception {
        assertThat(pipeline.gateReached.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<List<Workspace.Effect>> behind = CompletableFuture.supplyAsync(() -> queue.submit(List.of(event(id)), Map.of()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.stats().snapshot(0).storedFacts() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(queue.stats().snapshot(0).storedFacts()).isEqualTo(2);
        return behind;
    }

    @Test
    void a_stored_group_is_applied_while_the_outcomes_of_the_one_before_are_committed() throws Exception {
        CommitStagePipeline pipeline = new CommitStagePipeline();
        try (IngestQueue queue = new IngestQueue(pipeline)) {
            CompletableFuture<List<Workspace.Effect>> first = CompletableFuture.supplyAsync(() -> queue.submit(List.of(event("gated-held-1")), Map.of()));
            CompletableFuture<List<Workspace.Effect>> second = storedBehindTheGate(queue, pipeline, "second");
            pipeline.openGate.countDown();
            assertThat(pipeline.commitHeld.await(10, TimeUnit.SECONDS)).isTrue();
            pipeline.awaitLogged("apply second");
            Thread.sleep(50);
            assertThat(first).as("its outcomes are not committed yet").isNotDone();
            assertThat(second).as("answered after its own commit, which waits behind the first").isNotDone();
            pipeline.releaseCommit.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).flatExtracting(Workspace.Effect::scenarios).containsExactly("gated-held-1");
            assertThat(second.get(10, TimeUnit.SECONDS)).flatExtracting(Workspace.Effect::scenarios).containsExactly("second");
            assertThat(pipeline.log).containsExactly("store gated-held-1", "store second", "apply gated-held-1", "apply second",
                    "commit gated-held-1", "commit second");
        }
    }

    @Test
    void when_a_commit_fails_the_groups_applied_behind_it_are_not_committed_and_the_engines_recover_first() throws Exception {
        CommitStagePipeline pipeline = new CommitStagePipeline();
        try (IngestQueue queue = new IngestQueue(pipeline)) {
            CompletableFuture<List<Workspace.Effect>> failing = CompletableFuture.supplyAsync(
                    () -> queue.submit(List.of(event("gated-held-then-fails")), Map.of()));
            CompletableFuture<List<Workspace.Effect>> behind = storedBehindTheGate(queue, pipeline, "behind");
            pipeline.openGate.countDown();
            assertThat(pipeline.commitHeld.await(10, TimeUnit.SECONDS)).isTrue();
            pipeline.awaitLogged("apply behind");
            pipeline.releaseCommit.countDown();
            assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasMessageContaining("disk full while storing outcomes");
            assertThatThrownBy(() -> behind.get(10, TimeUnit.SECONDS))
                    .as("its marks would say the failed group's facts are applied").hasMessageContaining("could not be committed");
            assertThat(queue.submit(List.of(event("next")), Map.of())).flatExtracting(Workspace.Effect::scenarios).containsExactly("next");
            assertThat(pipeline.log).containsExactly("store gated-held-then-fails", "store behind", "apply gated-held-then-fails",
                    "apply behind", "store next", "recover", "apply next", "commit next");
        }
    }

    /**
     * Holds the store stage in storing "stuck-store" while the gated group's outcomes reach it and
     * {@code waitingId} waits to be stored: its next turn has both to write.
     */
    private static CompletableFuture<List<Workspace.Effect>> waitingBesideAppliedOutcomes(IngestQueue queue, CommitStagePipeline pipeline,
                                                                                         String waitingId) throws Exception {
        assertThat(pipeline.gateReached.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture.supplyAsync(() -> queue.submit(List.of(event("stuck-store")), Map.of()));
        assertThat(pipeline.storeHeld.await(10, TimeUnit.SECONDS)).isTrue();
        pipeline.openGate.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.appliedWaitingForCommit() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(queue.appliedWaitingForCommit()).as("gated-1's outcomes wait for the held store stage").isEqualTo(1);
        CompletableFuture<List<Workspace.Effect>> waiting = CompletableFuture.supplyAsync(() -> queue.submit(List.of(event(waitingId)), Map.of()));
        while (queue.waiting() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(queue.waiting()).isEqualTo(1);
        pipeline.releaseStore.countDown();
        return waiting;
    }

    @Test
    void the_outcomes_of_applied_groups_are_committed_with_the_facts_stored_next() throws Exception {
        CommitStagePipeline pipeline = new CommitStagePipeline();
        try (IngestQueue queue = new IngestQueue(pipeline, Long.MAX_VALUE)) {
            CompletableFuture<List<Workspace.Effect>> first = CompletableFuture.supplyAsync(() -> queue.submit(List.of(event("gated-1")), Map.of()));
            CompletableFuture<List<Workspace.Effect>> third = waitingBesideAppliedOutcomes(queue, pipeline, "third");
            assertThat(first.get(10, TimeUnit.SECONDS)).flatExtracting(Workspace.Effect::scenarios).containsExactly("gated-1");
            assertThat(third.get(10, TimeUnit.SECONDS)).flatExtracting(Workspace.Effect::scenarios).containsExactly("third");
            assertThat(pipeline.log).as("one transaction: the outcomes of gated-1 and the facts of third")
                    .anyMatch(entry -> entry.startsWith("store third with [write gated-1"));
        }
    }

    @Test
    void when_a_turn_fails_its_outcomes_are_committed_alone_and_its_requests_stored_alone() throws Exception {
        CommitStagePipeline pipeline = new CommitStagePipeline();
        try (IngestQueue queue = new IngestQueue(pipeline, Long.MAX_VALUE)) {
            CompletableFuture<List<Workspace.Effect>> first = CompletableFuture.supplyAsync(() -> queue.submit(List.of(event("gated-1")), Map.of()));
            CompletableFuture<List<Workspace.Effect>> poison = waitingBesideAppliedOutcomes(queue, pipeline, "poison");
            assertThat(first.get(10, TimeUnit.SECONDS)).as("its outcomes, committed alone").flatExtracting(Workspace.Effect::scenarios)
                    .containsExactly("gated-1");
            assertThatThrownBy(() -> poison.get(10, TimeUnit.SECONDS)).hasMessageContaining("cannot store poison");
            assertThat(pipeline.log).as("written with the poison, which failed; then committed alone")
                    .containsSubsequence("write gated-1", "commit gated-1");
            assertThat(queue.submit(List.of(event("after")), Map.of())).flatExtracting(Workspace.Effect::scenarios).containsExactly("after");
        }
    }

    @Test
    void waiting_requests_are_applied_together_and_each_gets_its_own_effects() throws Exception {
        try (HeldQueue held = new HeldQueue()) {
            CompletableFuture<List<Workspace.Effect>> second = held.submit("b1", "b2");
            CompletableFuture<List<Workspace.Effect>> third = held.submit("c1");
            held.releaseWhenWaiting(2);
            assertThat(held.first.get(10, TimeUnit.SECONDS)).flatExtracting(Workspace.Effect::scenarios).containsExactly("a1");
            assertThat(second.get(10, TimeUnit.SECONDS)).flatExtracting(Workspace.Effect::scenarios).containsExactly("b1", "b2");
            assertThat(third.get(10, TimeUnit.SECONDS)).flatExtracting(Workspace.Effect::scenarios).containsExactly("c1");
            assertThat(held.calls).as("the first alone, then the two that waited together").containsExactly(1, 3);
        }
    }

    @Test
    void a_request_that_fails_in_a_group_fails_alone() throws Exception {
        try (HeldQueue held = new HeldQueue()) {
            CompletableFuture<List<Workspace.Effect>> bad = held.submit("poison");
            CompletableFuture<List<Workspace.Effect>> good = held.submit("g1");
            held.releaseWhenWaiting(2);
            held.first.get(10, TimeUnit.SECONDS);
            assertThat(good.get(10, TimeUnit.SECONDS)).flatExtracting(Workspace.Effect::scenarios).containsExactly("g1");
            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot store poison");
            assertThat(held.calls).as("the group, then each of its requests alone").containsExactly(1, 2, 1, 1);
            assertThat(held.queue.submit(List.of(event("after")), Map.of())).as("the store thread goes on").hasSize(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
