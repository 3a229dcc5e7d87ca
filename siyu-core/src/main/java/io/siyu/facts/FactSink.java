package io.siyu.facts;

/**
 * Where parsed facts go: an in-memory {@link Dataset} builder, a database importer, a test.
 * Each method returns {@code false} when the fact was a repeat of one already applied (same id),
 * so callers can count repeats; a repeated fact is applied once.
 */
public interface FactSink {
    boolean customer(Facts.Customer customer);

    boolean identity(Facts.IdentityLink link);

    boolean staff(Facts.Staff staff);

    boolean product(Facts.Product product);

    boolean order(Facts.Order order);

    boolean orderItem(Facts.OrderItem item);

    boolean event(Facts.Event event);

    boolean message(Facts.Message message);
}
