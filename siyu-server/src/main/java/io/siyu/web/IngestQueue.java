package io.siyu.web;

import io.siyu.facts.Facts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiFunction;

/**
 * Group commit for ingest: requests queue here and one thread applies them — all the requests
 * waiting at that moment together, so they share one commit of their facts and one of their
 * outcomes, and the serial work runs on one thread instead of being handed from request thread
 * to request thread. Each caller still gets exactly its own effects, after they are committed. If
 * a group fails, its requests are retried one by one, so one bad request fails alone.
 */
final class IngestQueue implements AutoCloseable {
    /** One request: its facts (with their links and order lines), its chat scenarios, and where its answer goes. */
    private record Request(List<Object> incoming, Map<Object, List<String>> scenarios,
                           CompletableFuture<List<Workspace.Effect>> answer) {
        /** How many effects the request gets back: one per fact (links and order lines have none of their own). */
        int effects() {
            return (int) incoming.stream().filter(f -> !(f instanceof Facts.IdentityLink) && !(f instanceof Facts.OrderItem)).count();
        }
    }

    /** A group stops growing at this many facts, so one request's latency stays bounded under load. */
    static final int MAX_GROUP_FACTS = 1_000;

    private final BiFunction<List<Object>, Map<Object, List<String>>, List<Workspace.Effect>> apply;
    private final BlockingQueue<Request> waiting = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean open = true;

    /** {@code apply} stores and applies a list of facts (it takes the workspace's lock itself). */
    IngestQueue(BiFunction<List<Object>, Map<Object, List<String>>, List<Workspace.Effect>> apply) {
        this.apply = apply;
        this.worker = new Thread(this::run, "siyu-ingest");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues the facts and waits until they are committed and applied; throws what applying them threw. */
    List<Workspace.Effect> submit(List<Object> incoming, Map<Object, List<String>> scenarios) {
        if (!open) {
            throw new IllegalStateException("the server is shutting down: facts are no longer taken");
        }
        Request r = new Request(incoming, scenarios, new CompletableFuture<>());
        waiting.add(r);
        try {
            return r.answer().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** How many requests are waiting for the worker now. */
    int waiting() {
        return waiting.size();
    }

    private void run() {
        while (open) {
            List<Request> group = new ArrayList<>();
            try {
                group.add(waiting.take());
            } catch (InterruptedException e) {
                break;
            }
            int facts = group.get(0).incoming().size();
            for (Request next; facts < MAX_GROUP_FACTS && (next = waiting.poll()) != null; ) {
                group.add(next);
                facts += next.incoming().size();
            }
            try {
                applyGroup(group);
            } catch (Throwable e) { // the worker must outlive any one group, or every later request would wait forever
                group.forEach(r -> r.answer().completeExceptionally(e));
            }
        }
        for (Request r; (r = waiting.poll()) != null; ) {
            r.answer().completeExceptionally(new IllegalStateException("the server is shutting down: facts were not taken; send them again"));
        }
    }

    private void applyGroup(List<Request> group) {
        if (group.size() == 1) {
            applyOne(group.get(0));
            return;
        }
        List<Object> incoming = new ArrayList<>();
        Map<Object, List<String>> scenarios = new java.util.IdentityHashMap<>();
        for (Request r : group) {
            incoming.addAll(r.incoming());
            scenarios.putAll(r.scenarios());
        }
        List<Workspace.Effect> effects;
        try {
            effects = apply.apply(incoming, scenarios);
        } catch (RuntimeException groupFailed) {
            // a group whose facts could not be stored stored none of them: each request alone, so only the one at fault fails
            group.forEach(this::applyOne);
            return;
        }
        int from = 0;
        for (Request r : group) {
            int to = from + r.effects();
            r.answer().complete(List.copyOf(effects.subList(from, to)));
            from = to;
        }
    }

    private void applyOne(Request r) {
        try {
            r.answer().complete(apply.apply(r.incoming(), r.scenarios()));
        } catch (RuntimeException | Error e) {
            r.answer().completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        open = false;
        worker.interrupt();
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
