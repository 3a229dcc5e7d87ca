package io.siyu.ingest;

import io.siyu.facts.FactSink;
import io.siyu.facts.Facts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Keeps every fact it is given; answers false for a repeated id, as a real sink would. */
class RecordingSink implements FactSink {
    final List<Facts.Customer> customers = new ArrayList<>();
    final List<Facts.IdentityLink> links = new ArrayList<>();
    final List<Facts.Staff> staff = new ArrayList<>();
    final List<Facts.Product> products = new ArrayList<>();
    final List<Facts.Order> orders = new ArrayList<>();
    final List<Facts.OrderItem> items = new ArrayList<>();
    final List<Facts.Event> events = new ArrayList<>();
    final List<Facts.Message> messages = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();

    private boolean fresh(String kind, String id) {
        return id == null || ids.add(kind + "\u0000" + id);
    }

    @Override
    public boolean customer(Facts.Customer c) {
        return fresh("c", c.customerId()) && customers.add(c);
    }

    @Override
    public boolean identity(Facts.IdentityLink link) {
        return links.add(link);
    }

    @Override
    public boolean staff(Facts.Staff s) {
        return fresh("s", s.staffId()) && staff.add(s);
    }

    @Override
    public boolean product(Facts.Product p) {
        return fresh("p", p.sku()) && products.add(p);
    }

    @Override
    public boolean order(Facts.Order o) {
        return fresh("o", o.orderId()) && orders.add(o);
    }

    @Override
    public boolean orderItem(Facts.OrderItem item) {
        return items.add(item);
    }

    @Override
    public boolean event(Facts.Event e) {
        return fresh("e", e.eventId()) && events.add(e);
    }

    @Override
    public boolean message(Facts.Message m) {
        return fresh("m", m.messageId()) && messages.add(m);
    }
}
