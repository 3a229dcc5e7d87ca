package io.siyu.facts;

import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything loaded for one evaluation: unified customers and their fact tables, staff and
 * products, in columnar form. Fact tables are named as the files they come from:
 * {@code orders}, {@code order_items}, {@code events}, {@code messages}.
 *
 * <p>Column names per table (besides the row's customer and instant):
 * <ul>
 *   <li>orders: ids() = order_id; amount (number), status, store_id, channel, table_id (strings)
 *   <li>order_items: sku, category (strings), quantity, unit_price, cycle_days (numbers); instant = order's
 *   <li>events: ids() = event_id (null ids get a generated one); type (string), then one column per property
 *   <li>messages: ids() = message_id; text, direction, channel, group_id, staff_id (strings)
 * </ul>
 */
public record Dataset(ZoneId zone, Customers customers, Map<String, FactTable> tables,
                      List<Facts.Staff> staff, List<Facts.Product> products) {

    public static final List<String> TABLE_NAMES = List.of("orders", "order_items", "events", "messages");

    /**
     * The tables a data set may leave out when none of its models reads them
     * ({@link DatasetBuilder#keepOnlyTables}): orders and their lines are always kept (every engine
     * reads spend from orders).
     */
    public static final java.util.Set<String> OPTIONAL_TABLES = java.util.Set.of("events", "messages");

    /** Whether a data set keeping {@code kept} (null: everything) holds rows of {@code table}. */
    public static boolean keeps(java.util.Set<String> kept, String table) {
        return kept == null || kept.contains(table) || !OPTIONAL_TABLES.contains(table);
    }

    public Dataset {
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        staff = List.copyOf(staff);
        products = List.copyOf(products);
    }

    /** The named table, or null if the model asks for a table this data set does not have. */
    public FactTable table(String name) {
        return tables.get(name);
    }
}
