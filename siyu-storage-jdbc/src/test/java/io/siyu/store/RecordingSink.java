package io.siyu.store;

import io.siyu.facts.FactSink;
import io.siyu.facts.Facts;
import java.util.ArrayList;
import java.util.List;

/** Collects every fact it is given, in call order. */
final class RecordingSink implements FactSink {
    final List<Object> facts = new ArrayList<>();

    private boolean add(Object fact) {
        facts.add(fact);
        return true;
    }

    @Override public boolean customer(Facts.Customer c) { return add(c); }
    @Override public boolean identity(Facts.IdentityLink l) { return add(l); }
    @Override public boolean staff(Facts.Staff s) { return add(s); }
    @Override public boolean product(Facts.Product p) { return add(p); }
    @Override public boolean order(Facts.Order o) { return add(o); }
    @Override public boolean orderItem(Facts.OrderItem i) { return add(i); }
    @Override public boolean event(Facts.Event e) { return add(e); }
    @Override public boolean message(Facts.Message m) { return add(m); }
}
