package io.siyu.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.facts.FactSink;
import io.siyu.facts.Facts;
import io.siyu.ingest.DataDirectoryReader;
import io.siyu.ingest.LoadReport;
import io.siyu.ingest.RejectedRow;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TABLES = Map.of("order", "orders", "event", "events", "message", "messages",
            "customer", "customers");
    private static final Set<String> PERSON = Set.of("customer_id", "unionid", "openid", "external_userid", "phone", "member_id");
    /** Fields an order or message may have; events and customers keep any other field as a property / attribute. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "order", Set.of("order_id", "ordered_at", "amount", "status", "store_id", "channel", "table_id"),
            "message", Set.of("message_id", "sent_at", "text", "direction", "channel", "group_id", "staff_id"));

    /** One item: its fact, or why it was rejected. */
    record Item(Object fact, String error) {}

    static List<Item> parse(JsonNode body, ZoneId zone) {
        List<JsonNode> nodes = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(nodes::add);
        } else {
            nodes.add(body);
        }
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            out.add(item(nodes.get(i), "facts[" + i + "]", zone));
        }
        return out;
    }

    private static Item item(JsonNode node, String where, ZoneId zone) {
        if (!node.isObject()) {
            return new Item(null, where + ": each fact must be a JSON object with a \"kind\", e.g. {\"kind\": \"event\", ...}");
        }
        String kind = node.path("kind").asText(null);
        String table = kind == null ? null : TABLES.get(kind);
        if (table == null) {
            return new Item(null, where + ": \"kind\" must be one of order, event, message, customer"
                    + (kind == null ? " (it is missing)" : ", not '" + kind + "'"));
        }
        ObjectNode fields = ((ObjectNode) node).deepCopy();
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
        Capture capture = new Capture();
        try {
            String line = JSON.writeValueAsString(fields) + "\n";
            LoadReport.FileSummary summary = new DataDirectoryReader(false).readJsonLines(
                    new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), where, table, zone, capture);
            if (summary.rejected() > 0) {
                RejectedRow r = summary.rejectedRows().isEmpty() ? null : summary.rejectedRows().get(0);
                return new Item(null, r == null ? where + ": rejected" : where + ": " + r.reason());
            }
            if (summary.fileError() != null) {
                return new Item(null, where + ": " + summary.fileError().reason());
            }
        } catch (IOException e) {
            return new Item(null, where + ": " + e.getMessage());
        }
        return capture.fact == null ? new Item(null, where + ": no fact in this item") : new Item(capture.fact, null);
    }

    /** Keeps the one fact an item produced. */
    private static final class Capture implements FactSink {
        Object fact;

        private boolean keep(Object f) {
            if (fact == null) {
                fact = f;
            }
            return true;
        }

        @Override
        public boolean customer(Facts.Customer c) {
            return keep(c);
        }

        @Override
        public boolean identity(Facts.IdentityLink link) {
            return true; // a fact naming several identities also links them; the fact itself is what we keep
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
