package io.siyu.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.facts.FactSink;
import io.siyu.facts.Facts;
import io.siyu.facts.IdentityKind;
import io.siyu.facts.PersonRef;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the rows of one data file (one of the tables of DESIGN.md §4) into typed facts: checks
 * the header once, then validates each row and hands the fact to the sink. A bad row is thrown
 * out as a {@link Reject} naming its column, field and reason.
 */
final class TableReader {
    static final String PERSON_HINT = "give customer_id or one of unionid, openid, external_userid, phone, member_id";
    private static final String TIME_HINT = "(expected e.g. 2024-05-01 or 2024-05-01T10:00:00+08:00)";
    private static final IdentityKind[] KINDS = IdentityKind.values();

    /** A rejected row; carries no stack trace, so rejecting is cheap. */
    static final class Reject extends RuntimeException {
        final int column;
        final String field;

        Reject(int column, String field, String reason) {
            super(reason, null, false, false);
            this.column = column;
            this.field = field;
        }
    }

    private final String table;
    private final String file;
    private final TimeParser times;
    private final ObjectMapper json;
    private Header header;
    /** Header index per known field name (the names are constants, so this is a cheap lookup). */
    private final java.util.HashMap<String, Integer> indexes = new java.util.HashMap<>();
    private final int[] ref = new int[KINDS.length];
    private int refCount;

    TableReader(String table, String file, ZoneId zone, ObjectMapper json) {
        this.table = table;
        this.file = file;
        this.times = new TimeParser(zone);
        this.json = json;
    }

    /** Every column the table knows, so JSON Lines headers give them fixed indexes. */
    static List<String> knownColumns(String table) {
        List<String> cols = new ArrayList<>();
        switch (table) {
            case "customers" -> cols.addAll(List.of("customer_id"));
            case "identities" -> cols.add("source");
            case "staff" -> cols.addAll(List.of("staff_id", "name", "role", "store_id", "active"));
            case "products" -> cols.addAll(List.of("sku", "name", "category", "price", "cycle_days"));
            case "orders" -> cols.addAll(List.of("order_id", "ordered_at", "amount", "status", "store_id", "channel",
                    "table_id"));
            case "order_items" -> cols.addAll(List.of("order_id", "sku", "quantity", "unit_price"));
            case "events" -> cols.addAll(List.of("event_id", "occurred_at", "type", "properties"));
            case "messages" -> cols.addAll(List.of("message_id", "sent_at", "text", "direction", "channel",
                    "group_id", "staff_id"));
            default -> throw new IllegalArgumentException("unknown table " + table);
        }
        for (IdentityKind k : KINDS) {
            if (!cols.contains(k.column())) {
                cols.add(k.column());
            }
        }
        return cols;
    }

    /**
     * Checks that the header has the table's required columns; returns the reason the whole
     * file is rejected, or null. Must be called before {@link #read}.
     */
    String bind(Header h) {
        this.header = h;
        indexes.clear();
        for (IdentityKind k : KINDS) {
            ref[k.ordinal()] = h.indexOf(k.column());
        }
        int refColumns = 0;
        for (int r : ref) {
            if (r >= 0) {
                refColumns++;
            }
        }
        List<String> required = switch (table) {
            case "customers" -> List.of("customer_id");
            case "staff" -> List.of("staff_id", "name");
            case "products" -> List.of("sku");
            case "orders" -> List.of("order_id", "ordered_at", "amount");
            case "order_items" -> List.of("order_id", "sku", "quantity");
            case "events" -> List.of("occurred_at", "type");
            case "messages" -> List.of("sent_at", "text");
            default -> List.of();
        };
        for (String col : required) {
            if (h.indexOf(col) < 0) {
                return "missing required column '" + col + "'; header found: " + h
                        + " (the first line must name the columns; " + table + " needs "
                        + String.join(", ", required) + personNote() + ")";
            }
        }
        if (Set.of("orders", "events", "messages").contains(table) && refColumns == 0) {
            return "missing a person reference column: " + PERSON_HINT + "; header found: " + h;
        }
        if (table.equals("identities") && refColumns < 2) {
            return "identities needs at least two identity columns (customer_id, unionid, openid, external_userid,"
                    + " phone, member_id) to link; header found: " + h;
        }
        return null;
    }

    private String personNote() {
        return Set.of("orders", "events", "messages").contains(table)
                ? " and a person reference (customer_id, unionid, openid, external_userid, phone or member_id)"
                : "";
    }

    /**
     * Validates the row and gives its fact to the sink; returns the sink's answer (false = repeat).
     * The row's own fact is always the last call to the sink (an identity link it implies comes
     * first), which {@link DataDirectoryReader} relies on when it hands facts to another thread.
     */
    boolean read(Row row, FactSink sink) {
        return switch (table) {
            case "customers" -> customer(row, sink);
            case "identities" -> identity(row, sink);
            case "staff" -> staff(row, sink);
            case "products" -> product(row, sink);
            case "orders" -> order(row, sink);
            case "order_items" -> orderItem(row, sink);
            case "events" -> event(row, sink);
            case "messages" -> message(row, sink);
            default -> throw new IllegalStateException(table);
        };
    }

    // ---- tables ----

    private boolean customer(Row row, FactSink sink) {
        String id = required(row, "customer_id");
        Map<String, String> attributes = new LinkedHashMap<>();
        int idCol = idx("customer_id");
        for (int i = 0; i < header.size(); i++) {
            if (i == idCol || isRefColumn(i)) {
                continue;
            }
            String v = row.value(i);
            if (v != null) {
                attributes.put(header.name(i), v);
            }
        }
        List<PersonRef> refs = refs(row);
        if (refs.size() >= 2) {
            sink.identity(new Facts.IdentityLink(refs, file));
        }
        return sink.customer(new Facts.Customer(id, attributes)); // the row's own fact comes last
    }

    private boolean identity(Row row, FactSink sink) {
        List<PersonRef> refs = refs(row);
        if (refs.size() < 2) {
            throw new Reject(0, null, "an identity row needs at least two references to link ("
                    + (refs.isEmpty() ? "found none" : "found only " + refs.get(0).kind().column())
                    + "); fill two or more of customer_id, unionid, openid, external_userid, phone, member_id");
        }
        return sink.identity(new Facts.IdentityLink(refs, row.value(idx("source"))));
    }

    private boolean staff(Row row, FactSink sink) {
        String id = required(row, "staff_id");
        String name = required(row, "name");
        int activeIdx = idx("active");
        String active = row.value(activeIdx);
        boolean isActive = true;
        if (active != null) {
            switch (active.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "y", "t" -> isActive = true;
                case "false", "0", "no", "n", "f" -> isActive = false;
                default -> throw new Reject(row.column(activeIdx), "active",
                        "active '" + active + "' is not true or false (leave it empty for true)");
            }
        }
        return sink.staff(new Facts.Staff(id, name, optional(row, "role"), optional(row, "store_id"), isActive));
    }

    private boolean product(Row row, FactSink sink) {
        String sku = required(row, "sku");
        double price = number(row, "price", false, true, "e.g. 59.90");
        double cycle = number(row, "cycle_days", false, true, "days one unit lasts, e.g. 30");
        return sink.product(new Facts.Product(sku, optional(row, "name"), optional(row, "category"), price, cycle));
    }

    private boolean order(Row row, FactSink sink) {
        String id = required(row, "order_id");
        PersonRef person = person(row);
        long at = time(row, "ordered_at");
        int amountIdx = idx("amount");
        double amount = number(row, "amount", true, false, "e.g. 128.50");
        if (amount < 0) {
            throw new Reject(row.column(amountIdx), "amount", "amount '" + row.value(amountIdx)
                    + "' is negative; give a refund as a positive amount with status refunded");
        }
        int statusIdx = idx("status");
        String status = row.value(statusIdx);
        if (status == null) {
            status = "paid";
        } else if (status.equalsIgnoreCase("paid")) {
            status = "paid";
        } else if (status.equalsIgnoreCase("refunded")) {
            status = "refunded";
        } else {
            throw new Reject(row.column(statusIdx), "status",
                    "status '" + status + "' is not one of paid, refunded (leave it empty for paid)");
        }
        return sink.order(new Facts.Order(id, link(person, row, sink), at, amount, status, optional(row, "store_id"),
                optional(row, "channel"), optional(row, "table_id")));
    }

    private boolean orderItem(Row row, FactSink sink) {
        String orderId = required(row, "order_id");
        String sku = required(row, "sku");
        double quantity = number(row, "quantity", true, false, "e.g. 2 or 0.5");
        double unitPrice = number(row, "unit_price", false, false, "e.g. 59.90");
        return sink.orderItem(new Facts.OrderItem(orderId, sku, quantity, unitPrice));
    }

    private boolean event(Row row, FactSink sink) {
        PersonRef person = person(row);
        long at = time(row, "occurred_at");
        String type = required(row, "type");
        Map<String, String> properties = new LinkedHashMap<>();
        int idIdx = idx("event_id");
        int atIdx = idx("occurred_at");
        int typeIdx = idx("type");
        int propsIdx = idx("properties");
        for (int i = 0; i < header.size(); i++) {
            if (i == idIdx || i == atIdx || i == typeIdx || i == propsIdx || isRefColumn(i)) {
                continue;
            }
            String v = row.value(i);
            if (v != null) {
                properties.put(header.name(i), v);
            }
        }
        if (row.jsonProperties != null) {
            row.jsonProperties.forEach(properties::putIfAbsent);
        } else {
            String text = row.value(propsIdx);
            if (text != null) {
                parseProperties(text, row.column(propsIdx)).forEach(properties::putIfAbsent);
            }
        }
        return sink.event(new Facts.Event(row.value(idIdx), link(person, row, sink), at, type, properties));
    }

    private boolean message(Row row, FactSink sink) {
        PersonRef person = person(row);
        long at = time(row, "sent_at");
        int textIdx = idx("text");
        String text = row.raw(textIdx);
        if (text == null || text.isBlank()) {
            throw new Reject(row.column(textIdx), "text", "text is empty; every message needs its text");
        }
        String direction = oneOf(row, "direction", "in", "out");
        String channel = oneOf(row, "channel", "private", "group");
        return sink.message(new Facts.Message(optional(row, "message_id"), link(person, row, sink), at, text, direction, channel,
                optional(row, "group_id"), optional(row, "staff_id")));
    }

    // ---- helpers ----

    private int idx(String field) {
        Integer i = indexes.get(field);
        if (i == null) {
            i = header.indexOf(field);
            indexes.put(field, i);
        }
        return i;
    }

    private boolean isRefColumn(int index) {
        for (int r : ref) {
            if (r == index) {
                return true;
            }
        }
        return false;
    }

    /** The row's references in survivor priority (customer_id first, then IdentityKind order). */
    private List<PersonRef> refs(Row row) {
        List<PersonRef> refs = new ArrayList<>(2);
        for (IdentityKind k : KINDS) {
            String v = row.value(ref[k.ordinal()]);
            if (v != null) {
                refs.add(new PersonRef(k, v));
            }
        }
        return refs;
    }

    /** The fact's person: its first reference, customer_id first; rejects a row without any. */
    private PersonRef person(Row row) {
        PersonRef first = null;
        int count = 0;
        for (IdentityKind k : KINDS) {
            String v = row.value(ref[k.ordinal()]);
            if (v != null) {
                count++;
                if (first == null) {
                    first = new PersonRef(k, v);
                }
            }
        }
        if (first == null) {
            throw new Reject(0, null, "no person reference: " + PERSON_HINT);
        }
        refCount = count;
        return first;
    }

    /** Links a valid fact row's references when it gives several; returns the one the fact uses. */
    private PersonRef link(PersonRef person, Row row, FactSink sink) {
        if (refCount > 1) {
            sink.identity(new Facts.IdentityLink(refs(row), file));
        }
        return person;
    }

    private String required(Row row, String field) {
        int idx = idx(field);
        String v = row.value(idx);
        if (v == null) {
            throw new Reject(row.column(idx), field,
                    field + " is empty; every row of " + file + " needs one");
        }
        return v;
    }

    private String optional(Row row, String field) {
        return row.value(idx(field));
    }

    private String oneOf(Row row, String field, String a, String b) {
        int idx = idx(field);
        String v = row.value(idx);
        if (v == null) {
            return null;
        }
        if (v.equalsIgnoreCase(a)) {
            return a;
        }
        if (v.equalsIgnoreCase(b)) {
            return b;
        }
        throw new Reject(row.column(idx), field,
                field + " '" + v + "' is not one of " + a + ", " + b + " (or leave it empty)");
    }

    private long time(Row row, String field) {
        int idx = idx(field);
        String v = row.value(idx);
        if (v == null) {
            throw new Reject(row.column(idx), field,
                    field + " is empty; give an ISO-8601 date or timestamp " + TIME_HINT);
        }
        try {
            return times.parse(v);
        } catch (DateTimeException e) {
            throw new Reject(row.column(idx), field,
                    field + " '" + v + "' is not an ISO-8601 date or timestamp " + TIME_HINT);
        }
    }

    /** A number, NaN when absent and optional; rejects text that is not a plain decimal number. */
    private double number(Row row, String field, boolean required, boolean nonNegative, String example) {
        int idx = idx(field);
        String v = row.value(idx);
        if (v == null) {
            if (required) {
                throw new Reject(row.column(idx), field, field + " is empty; give a number (" + example + ")");
            }
            return Double.NaN;
        }
        if (!isDecimal(v)) {
            throw new Reject(row.column(idx), field, field + " '" + v
                    + "' is not a number (write digits with a dot for decimals and no thousands separator, "
                    + example + ")");
        }
        double d = Double.parseDouble(v);
        if (nonNegative && d < 0) {
            throw new Reject(row.column(idx), field, field + " '" + v + "' is negative; give a number ≥ 0 ("
                    + example + ")");
        }
        return d;
    }

    /** Optional sign, digits with at most one dot, optional exponent; nothing else. */
    static boolean isDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        boolean dot = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            for (; i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    private Map<String, String> parseProperties(String text, int column) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (Exception e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new Reject(column, "properties", "properties is not a JSON object (write e.g. "
                    + "{\"\"page\"\":\"\"home\"\"} in CSV, quotes doubled inside a quoted field)");
        }
        return flatten(node);
    }

    /** A JSON object's fields as strings: scalars as their text, nested values as JSON; nulls dropped. */
    static Map<String, String> flatten(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull() || v.isMissingNode()) {
                continue;
            }
            out.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
        }
        return out;
    }
}
