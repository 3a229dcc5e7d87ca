package io.siyu.ingest;

import io.siyu.facts.FactSink;
import io.siyu.facts.Facts;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands facts to the real sink on a second thread, in batches and in order, so that parsing and
 * validating a file overlaps with storing its facts. Calls on the real sink come from one thread
 * at a time in exactly the order of the file. The row's own fact is marked with
 * {@link #endRow(Counts)}; the worker counts it as accepted or repeated from the sink's answer.
 */
final class Pipeline implements FactSink {
    private static final int BATCH = 4096;
    private static final Object[] END = new Object[0];

    /** Accepted and repeated counts of one file, written by the worker, read after {@link #finish()}. */
    static final class Counts {
        long accepted;
        long repeated;
    }

    private final FactSink target;
    private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(8);
    private final Thread worker;
    private volatile Throwable failure;
    private Object[] facts = new Object[BATCH];
    private Counts[] mains = new Counts[BATCH];
    private int size;

    Pipeline(FactSink target, String name) {
        this.target = target;
        this.worker = new Thread(this::drain, "siyu-ingest " + name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    private void drain() {
        try {
            while (true) {
                Object[] batch = queue.take();
                if (batch == END) {
                    return;
                }
                if (failure != null) {
                    continue; // keep taking so the producer never blocks; the failure is reported at finish
                }
                try {
                    process(batch);
                } catch (Throwable t) {
                    failure = t;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void process(Object[] batch) {
        Object[] f = (Object[]) batch[0];
        Counts[] m = (Counts[]) batch[1];
        int n = (Integer) batch[2];
        for (int i = 0; i < n; i++) {
            boolean applied = dispatch(f[i]);
            if (m[i] != null) {
                if (applied) {
                    m[i].accepted++;
                } else {
                    m[i].repeated++;
                }
            }
        }
    }

    private boolean dispatch(Object fact) {
        if (fact instanceof Facts.Order o) {
            return target.order(o);
        } else if (fact instanceof Facts.OrderItem i) {
            return target.orderItem(i);
        } else if (fact instanceof Facts.Event e) {
            return target.event(e);
        } else if (fact instanceof Facts.Message m) {
            return target.message(m);
        } else if (fact instanceof Facts.IdentityLink l) {
            return target.identity(l);
        } else if (fact instanceof Facts.Customer c) {
            return target.customer(c);
        } else if (fact instanceof Facts.Product p) {
            return target.product(p);
        } else if (fact instanceof Facts.Staff s) {
            return target.staff(s);
        }
        throw new IllegalArgumentException("not a fact: " + fact);
    }

    private boolean add(Object fact) {
        facts[size] = fact;
        mains[size] = null;
        size++;
        return true;
    }

    /** Marks the last fact added as the row's own fact, to be counted in {@code counts}. */
    void endRow(Counts counts) throws InterruptedIOException {
        mains[size - 1] = counts;
        if (size == BATCH) {
            flush();
        }
    }

    private void flush() throws InterruptedIOException {
        if (size == 0) {
            return;
        }
        if (failure != null) {
            size = 0;
            finish(); // stops the load early and rethrows the sink's failure
        }
        put(new Object[] {facts, mains, size});
        facts = new Object[BATCH];
        mains = new Counts[BATCH];
        size = 0;
    }

    private void put(Object[] batch) throws InterruptedIOException {
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.interrupt();
            throw new InterruptedIOException("load interrupted");
        }
    }

    /** Stops the worker after a failure of the producer; facts not yet stored are dropped. */
    void abort() {
        failure = failure == null ? new IllegalStateException("load aborted") : failure;
        queue.clear();
        if (!queue.offer(END)) {
            worker.interrupt();
        }
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends what is left, waits for the worker and rethrows its failure, if any. */
    void finish() throws InterruptedIOException {
        try {
            flush();
            put(END);
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.interrupt();
            throw new InterruptedIOException("load interrupted");
        }
        Throwable t = failure;
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public boolean customer(Facts.Customer customer) {
        return add(customer);
    }

    @Override
    public boolean identity(Facts.IdentityLink link) {
        return add(link);
    }

    @Override
    public boolean staff(Facts.Staff staff) {
        return add(staff);
    }

    @Override
    public boolean product(Facts.Product product) {
        return add(product);
    }

    @Override
    public boolean order(Facts.Order order) {
        return add(order);
    }

    @Override
    public boolean orderItem(Facts.OrderItem item) {
        return add(item);
    }

    @Override
    public boolean event(Facts.Event event) {
        return add(event);
    }

    @Override
    public boolean message(Facts.Message message) {
        return add(message);
    }
}
