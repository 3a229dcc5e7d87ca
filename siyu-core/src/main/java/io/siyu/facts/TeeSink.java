package io.siyu.facts;

import java.util.List;

/**
 * Hands every fact to each of several sinks in turn, so one read of the stored facts fills
 * several data sets (models that unify identities differently load the same rows): reading and
 * parsing a million customers' facts from the store is most of a server's start-up.
 */
public final class TeeSink implements FactSink {
    private final FactSink[] sinks;

    public TeeSink(List<? extends FactSink> sinks) {
        if (sinks.isEmpty()) {
            throw new IllegalArgumentException("a tee needs at least one sink");
        }
        this.sinks = sinks.toArray(FactSink[]::new);
    }

    /** The one sink when there is one, else a tee over them all. */
    public static FactSink of(List<? extends FactSink> sinks) {
        return sinks.size() == 1 ? sinks.get(0) : new TeeSink(sinks);
    }

    /** Gives the fact to every sink; whether the first took it as new (every sink sees the same facts). */
    private boolean toEach(java.util.function.Predicate<FactSink> take) {
        boolean taken = take.test(sinks[0]);
        for (int i = 1; i < sinks.length; i++) {
            take.test(sinks[i]);
        }
        return taken;
    }

    @Override
    public boolean customer(Facts.Customer customer) {
        return toEach(s -> s.customer(customer));
    }

    @Override
    public boolean identity(Facts.IdentityLink link) {
        return toEach(s -> s.identity(link));
    }

    @Override
    public boolean staff(Facts.Staff staff) {
        return toEach(s -> s.staff(staff));
    }

    @Override
    public boolean product(Facts.Product product) {
        return toEach(s -> s.product(product));
    }

    @Override
    public boolean order(Facts.Order order) {
        return toEach(s -> s.order(order));
    }

    @Override
    public boolean orderItem(Facts.OrderItem item) {
        return toEach(s -> s.orderItem(item));
    }

    @Override
    public boolean event(Facts.Event event) {
        return toEach(s -> s.event(event));
    }

    @Override
    public boolean message(Facts.Message message) {
        return toEach(s -> s.message(message));
    }
}
