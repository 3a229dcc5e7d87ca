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
    private static List<Workspace.Effect> effects(List<Object> facts) {
        List<Workspace.Effect> out = new ArrayList<>();
        for (Object f : facts) {
            if (((Facts.Event) f).eventId().equals("poison")) {
                throw new IllegalArgumentException("cannot store poison");
            }
            out.add(new Workspace.Effect(List.of(), List.of(((Facts.Event) f).eventId()), List.of(), false));
        }
        return out;
    }

    /**
     * A queue whose first request is held inside apply until {@link #release}: requests submitted
     * meanwhile wait, and are then taken as one group. Records the size of every apply call.
     */
    private static final class HeldQueue implements AutoCloseable {
        final CountDownLatch firstInside = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        final List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
        final IngestQueue queue = new IngestQueue((facts, scenarios) -> {
            calls.add(facts.size());
            if (calls.size() == 1) {
                firstInside.countDown();
                await(released);
            }
            return effects(facts);
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
            assertThat(held.queue.submit(List.of(event("after")), Map.of())).as("the worker goes on").hasSize(1);
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
