package io.siyu.model;

import io.siyu.facts.ColumnType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields a trait can aggregate or filter on, per fact table (DESIGN.md §4), and the
 * customer attributes every model may use without declaring them.
 */
public final class FactFields {
    private FactFields() {}

    public static final Map<String, ColumnType> BUILT_IN_ATTRIBUTES = ordered(
            "name", ColumnType.STRING, "gender", ColumnType.STRING, "birthday", ColumnType.TIME,
            "region", ColumnType.STRING, "registered_at", ColumnType.TIME, "owner_staff_id", ColumnType.STRING,
            "channel", ColumnType.STRING, "member_level", ColumnType.NUMBER);

    /** The name of each table's instant column, usable in traits as the fact time. */
    public static final Map<String, String> TIME_FIELD = Map.of(
            "orders", "ordered_at", "order_items", "ordered_at", "events", "occurred_at", "messages", "sent_at");

    public static List<String> tables() {
        return List.of("orders", "order_items", "events", "messages");
    }

    private static final Map<String, Map<String, ColumnType>> PLAIN = Map.of(
            "orders", build("orders", Map.of()), "order_items", build("order_items", Map.of()),
            "events", build("events", Map.of()), "messages", build("messages", Map.of()));

    /**
     * Fields of a fact table (unmodifiable); events also get the model's declared event properties.
     * The live engine asks for every fact, so the common answers are built once.
     */
    public static Map<String, ColumnType> fieldsOf(String table, Map<String, ColumnType> eventProperties) {
        Map<String, ColumnType> plain = PLAIN.get(table);
        if (plain != null && (eventProperties.isEmpty() || !table.equals("events"))) {
            return plain;
        }
        Map<String, ColumnType> known = BY_INSTANCE.get(eventProperties); // one model's map: no hashing of its entries
        if (known == null) {
            known = EVENTS_WITH.computeIfAbsent(Map.copyOf(eventProperties),
                    p -> java.util.Collections.unmodifiableMap(build("events", eventProperties)));
            if (BY_INSTANCE.size() > 256) {
                BY_INSTANCE.clear(); // models re-parsed day after day: keep only the recent ones
            }
            BY_INSTANCE.put(eventProperties, known);
        }
        return known;
    }

    private static final Map<Map<String, ColumnType>, Map<String, ColumnType>> BY_INSTANCE =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    private static final Map<Map<String, ColumnType>, Map<String, ColumnType>> EVENTS_WITH =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Map<String, ColumnType> build(String table, Map<String, ColumnType> eventProperties) {
        Map<String, ColumnType> fields = switch (table) {
            case "orders" -> ordered("amount", ColumnType.NUMBER, "status", ColumnType.STRING,
                    "store_id", ColumnType.STRING, "channel", ColumnType.STRING, "table_id", ColumnType.STRING);
            case "order_items" -> ordered("sku", ColumnType.STRING, "category", ColumnType.STRING,
                    "quantity", ColumnType.NUMBER, "unit_price", ColumnType.NUMBER, "cycle_days", ColumnType.NUMBER);
            case "events" -> ordered("type", ColumnType.STRING);
            case "messages" -> ordered("text", ColumnType.STRING, "direction", ColumnType.STRING,
                    "channel", ColumnType.STRING, "group_id", ColumnType.STRING, "staff_id", ColumnType.STRING);
            default -> throw new IllegalArgumentException("unknown fact table " + table);
        };
        if (table.equals("events")) {
            eventProperties.forEach(fields::putIfAbsent);
        }
        fields.put(TIME_FIELD.get(table), ColumnType.TIME);
        return fields;
    }

    private static Map<String, ColumnType> ordered(Object... pairs) {
        Map<String, ColumnType> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (ColumnType) pairs[i + 1]);
        }
        return m;
    }
}
