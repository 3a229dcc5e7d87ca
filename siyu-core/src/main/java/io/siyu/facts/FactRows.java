package io.siyu.facts;

import java.time.ZoneId;
import java.util.Map;

/**
 * Appends one typed fact as a row of a fact table, by column name: the shape the live engine
 * uses to add a customer's new facts to that customer's own small tables. Values convert to the
 * column's type (a value that does not convert is stored as null); a column the table lacks is
 * created (text, earlier rows null); columns the fact does not mention get null.
 */
public final class FactRows {
    private FactRows() {}

    public static int appendOrder(FactTable table, int customer, Facts.Order o, ZoneId zone) {
        int row = table.appendRow(customer, o.orderedAt());
        number(table, row, "amount", o.amount(), zone);
        text(table, row, "status", o.status() == null ? "paid" : o.status(), zone);
        text(table, row, "store_id", o.storeId(), zone);
        text(table, row, "channel", o.channel(), zone);
        text(table, row, "table_id", o.tableId(), zone);
        return padded(table, row, zone);
    }

    /** An order line, timed as its order, with the product's category and cycle_days (null when unknown). */
    public static int appendOrderItem(FactTable table, int customer, long orderedAt, Facts.OrderItem item,
                                      Facts.Product product, ZoneId zone) {
        int row = table.appendRow(customer, orderedAt);
        text(table, row, "sku", item.sku(), zone);
        number(table, row, "quantity", item.quantity(), zone);
        numberOrNull(table, row, "unit_price", item.unitPrice(), zone);
        text(table, row, "category", product == null ? null : product.category(), zone);
        numberOrNull(table, row, "cycle_days", product == null ? Double.NaN : product.cycleDays(), zone);
        return padded(table, row, zone);
    }

    public static int appendEvent(FactTable table, int customer, Facts.Event e, ZoneId zone) {
        return appendEvent(table, customer, e, zone, null);
    }

    /** Like {@link #appendEvent(FactTable, int, Facts.Event, ZoneId)} keeping only the properties in {@code kept} (null: all). */
    public static int appendEvent(FactTable table, int customer, Facts.Event e, ZoneId zone, java.util.Set<String> kept) {
        int row = table.appendRow(customer, e.occurredAt());
        Map<String, String> properties = e.properties();
        // a property named type is the event's type, as in a loaded events.csv
        text(table, row, "type", properties.getOrDefault("type", e.type()), zone);
        properties.forEach((name, value) -> {
            if (!name.equals("type") && (kept == null || kept.contains(name))) {
                text(table, row, name, value, zone);
            }
        });
        return padded(table, row, zone);
    }

    public static int appendMessage(FactTable table, int customer, Facts.Message m, ZoneId zone) {
        int row = table.appendRow(customer, m.sentAt());
        text(table, row, "text", m.text(), zone);
        text(table, row, "direction", m.direction(), zone);
        text(table, row, "channel", m.channel(), zone);
        text(table, row, "group_id", m.groupId(), zone);
        text(table, row, "staff_id", m.staffId(), zone);
        return padded(table, row, zone);
    }

    /** A number into its column as it is; into a column of another type as text. */
    private static void number(FactTable table, int row, String name, double value, ZoneId zone) {
        if (columnFor(table, row, name, zone) instanceof NumberColumn numbers) {
            numbers.append(value);
        } else {
            text(table, row, name, Double.toString(value), zone); // exact round trip
        }
    }

    /** Like {@link #number}, with NaN (not given) as null whatever the column's type. */
    private static void numberOrNull(FactTable table, int row, String name, double value, ZoneId zone) {
        if (Double.isNaN(value)) {
            text(table, row, name, null, zone);
        } else {
            number(table, row, name, value, zone);
        }
    }

    /** A text value, converted to its column's type; one that does not convert is stored as null. */
    private static void text(FactTable table, int row, String name, String text, ZoneId zone) {
        Column column = columnFor(table, row, name, zone);
        try {
            column.appendText(text, zone);
        } catch (RuntimeException notConvertible) {
            column.appendText(null, zone);
        }
    }

    /** The named column, created as text (earlier rows null) when the table has none. */
    private static Column columnFor(FactTable table, int row, String name, ZoneId zone) {
        Column column = table.column(name);
        if (column == null) {
            column = table.addColumn(new StringColumn(name, row + 4));
            for (int i = 0; i < row; i++) {
                column.appendText(null, zone);
            }
        }
        return column;
    }

    /** Gives the columns the fact did not mention a null in its row. */
    private static int padded(FactTable table, int row, ZoneId zone) {
        for (Column c : table.columns().values()) {
            while (c.size() <= row) {
                c.appendText(null, zone);
            }
        }
        return row;
    }
}
