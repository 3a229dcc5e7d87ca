package io.siyu.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.facts.FactSink;
import io.siyu.facts.Facts;
import io.siyu.ingest.DataDirectoryReader;
import io.siyu.ingest.LoadReport;
import io.siyu.ingest.RejectedRow;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the JSON of {@code POST /api/facts} — one fact or an array, each naming its {@code kind}
 * — into typed facts with exactly the validation a data file gets (DESIGN §4); a bad item becomes
 * a reason, the good ones go on.
 */
final class FactRequests {
    private static final Map<String, String> TABLES = Map.of("order", "orders", "event", "events", "message", "messages",
            "customer", "customers");
    private static final Set<String> PERSON = Set.of("customer_id", "unionid", "openid", "external_userid", "phone", "member_id");
    /** Fields an order or message may have; events and customers keep any other field as a property / attribute. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "order", Set.of("order_id", "ordered_at", "amount", "status", "store_id", "channel", "table_id", "items"),
            "message", Set.of("message_id", "sent_at", "text", "direction", "channel", "group_id", "staff_id"));

    /** One item: its fact and the identity links it implies (a fact naming two identities), or why it was rejected. */
    record Item(Object fact, List<Facts.IdentityLink> links, List<Facts.OrderItem> items, String error) {
        Item(Object fact, String error) {
            this(fact, List.of(), List.of(), error);
        }
    }

    /** One for all requests (it is thread-safe when not pipelined): each request made its own object mapper. */
    private static final DataDirectoryReader READER = new DataDirectoryReader(false);

    static List<Item> parse(JsonNode body, ZoneId zone) {
        List<JsonNode> nodes = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(nodes::add);
        } else {
            nodes.add(body);
        }
        Item[] out = new Item[nodes.size()];
        // items of one kind are validated together, as the lines of one JSON Lines file
        Map<String, List<Integer>> byTable = new java.util.LinkedHashMap<>();
        Map<String, List<ObjectNode>> lines = new java.util.LinkedHashMap<>();
        Map<Integer, List<Facts.OrderItem>> orderItems = new java.util.HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            String where = "facts[" + i + "]";
            Object checked = check(nodes.get(i), where);
            if (checked instanceof Item rejected) {
                out[i] = rejected;
            } else {
                Object[] checkedLine = (Object[]) checked;
                String table = (String) checkedLine[0];
                @SuppressWarnings("unchecked")
                List<Facts.OrderItem> lines0 = (List<Facts.OrderItem>) checkedLine[2];
                orderItems.put(i, lines0);
                byTable.computeIfAbsent(table, k -> new ArrayList<>()).add(i);
                lines.computeIfAbsent(table, k -> new ArrayList<>()).add((ObjectNode) checkedLine[1]);
            }
        }
        for (Map.Entry<String, List<Integer>> e : byTable.entrySet()) {
            List<Integer> indexes = e.getValue();
            Capture capture = new Capture();
            try {
                // the parsed objects themselves, read as the lines of a data file (the same checks, no second parse)
                LoadReport.FileSummary summary = READER.readJsonObjects(lines.get(e.getKey()),
                        "facts", e.getKey(), zone, capture);
                Map<Long, RejectedRow> rejected = new java.util.HashMap<>();
                summary.rejectedRows().forEach(r -> rejected.put(r.line(), r));
                int next = 0;
                for (int k = 0; k < indexes.size(); k++) {
                    int i = indexes.get(k);
                    RejectedRow r = rejected.get((long) k + 1);
                    if (r != null) {
                        out[i] = new Item(null, "facts[" + i + "]: " + r.reason());
                    } else if (next < capture.facts.size()) {
                        out[i] = new Item(capture.facts.get(next), capture.links.get(next),
                                orderItems.getOrDefault(i, List.of()), null);
                        next++;
                    } else {
                        out[i] = new Item(null, "facts[" + i + "]: rejected (more than " + RejectedRow.class.getSimpleName()
                                + "s kept); check this item's fields");
                    }
                }
            } catch (IOException ex) {
                for (int i : indexes) {
                    out[i] = new Item(null, "facts[" + i + "]: " + ex.getMessage());
                }
            }
        }
        return List.of(out);
    }

    /** The item's table, its fields and its order lines, or an {@link Item} saying why it is rejected before validation. */
    private static Object check(JsonNode node, String where) {
        if (!node.isObject()) {
            return new Item(null, where + ": each fact must be a JSON object with a \"kind\", e.g. {\"kind\": \"event\", ...}");
        }
        String kind = node.path("kind").asText(null);
        String table = kind == null ? null : TABLES.get(kind);
        if (table == null) {
            return new Item(null, where + ": \"kind\" must be one of order, event, message, customer"
                    + (kind == null ? " (it is missing)" : ", not '" + kind + "'"));
        }
        ObjectNode fields = (ObjectNode) node; // the request's own tree, read once: no copy (a copy per fact was a tenth of the server's allocation)
        fields.remove("kind");
        Set<String> allowed = FIELDS.get(kind);
        if (allowed != null) {
            Set<String> unknown = new TreeSet<>();
            for (Iterator<String> it = fields.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f) && !PERSON.contains(f)) {
                    unknown.add(f);
                }
            }
            if (!unknown.isEmpty()) {
                return new Item(null, where + ": unknown field" + (unknown.size() > 1 ? "s " : " ") + unknown + " for a "
                        + kind + "; allowed: " + new TreeSet<>(allowed) + " and one person reference " + new TreeSet<>(PERSON));
            }
        }
        List<Facts.OrderItem> items = List.of();
        if (fields.has("items")) {
            Object parsed = items(fields.remove("items"), fields.path("order_id").asText(null), where);
            if (parsed instanceof Item rejected) {
                return rejected;
            }
            @SuppressWarnings("unchecked")
            List<Facts.OrderItem> ok = (List<Facts.OrderItem>) parsed;
            items = ok;
        }
        return new Object[] {table, fields, items};
    }

    /** An order's "items": [{"sku": …, "quantity": 2, "unit_price": 39.9}], or why they are rejected. */
    private static Object items(JsonNode node, String orderId, String where) {
        if (!node.isArray()) {
            return new Item(null, where + ": \"items\" must be an array of order lines, e.g. [{\"sku\": \"SKU1\", \"quantity\": 2}]");
        }
        List<Facts.OrderItem> out = new ArrayList<>();
        for (int k = 0; k < node.size(); k++) {
            JsonNode line = node.get(k);
            String at = where + ".items[" + k + "]";
            String sku = line.path("sku").isTextual() ? line.path("sku").asText().strip() : "";
            if (!line.isObject() || sku.isEmpty()) {
                return new Item(null, at + ": an order line needs a \"sku\" (text), e.g. {\"sku\": \"SKU1\", \"quantity\": 2}");
            }
            JsonNode q = line.path("quantity");
            JsonNode price = line.path("unit_price");
            if ((!q.isMissingNode() && !(q.isNumber() && q.asDouble() > 0)) || (!price.isMissingNode() && !price.isNumber())) {
                return new Item(null, at + ": \"quantity\" must be a number above 0 and \"unit_price\" a number");
            }
            for (Iterator<String> it = line.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of("sku", "quantity", "unit_price").contains(f)) {
                    return new Item(null, at + ": unknown field '" + f + "'; an order line has sku, quantity, unit_price");
                }
            }
            out.add(new Facts.OrderItem(orderId, sku, q.isMissingNode() ? 1 : q.asDouble(),
                    price.isMissingNode() ? Double.NaN : price.asDouble()));
        }
        return out;
    }

    /** Keeps the facts the lines produced, in line order, each with the identity links its line implied. */
    private static final class Capture implements FactSink {
        final List<Object> facts = new ArrayList<>();
        final List<List<Facts.IdentityLink>> links = new ArrayList<>();
        private List<Facts.IdentityLink> pending = new ArrayList<>();

        private boolean keep(Object f) {
            facts.add(f);
            links.add(List.copyOf(pending));
            pending = new ArrayList<>();
            return true;
        }

        @Override
        public boolean customer(Facts.Customer c) {
            return keep(c);
        }

        @Override
        public boolean identity(Facts.IdentityLink link) {
            pending.add(link); // comes just before the fact whose line named several identities
            return true;
        }

        @Override
        public boolean staff(Facts.Staff s) {
            return keep(s);
        }

        @Override
        public boolean product(Facts.Product p) {
            return keep(p);
        }

        @Override
        public boolean order(Facts.Order o) {
            return keep(o);
        }

        @Override
        public boolean orderItem(Facts.OrderItem item) {
            return keep(item);
        }

        @Override
        public boolean event(Facts.Event e) {
            return keep(e);
        }

        @Override
        public boolean message(Facts.Message m) {
            return keep(m);
        }
    }
}
