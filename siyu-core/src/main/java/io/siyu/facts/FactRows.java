package io.siyu.facts;

import java.time.ZoneId;
import java.util.LinkedHashMap;
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
        Map<String, String> values = new LinkedHashMap<>();
        values.put("amount", Double.toString(o.amount())); // exact round trip
        values.put("status", o.status() == null ? "paid" : o.status());
        values.put("store_id", o.storeId());
        values.put("channel", o.channel());
        values.put("table_id", o.tableId());
        return append(table, customer, o.orderedAt(), values, zone);
    }

    /** An order line, timed as its order, with the product's category and cycle_days (null when unknown). */
    public static int appendOrderItem(FactTable table, int customer, long orderedAt, Facts.OrderItem item,
                                      Facts.Product product, ZoneId zone) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("sku", item.sku());
        values.put("quantity", Double.toString(item.quantity()));
        values.put("unit_price", Double.isNaN(item.unitPrice()) ? null : Double.toString(item.unitPrice()));
        values.put("category", product == null ? null : product.category());
        values.put("cycle_days", product == null || Double.isNaN(product.cycleDays()) ? null : Double.toString(product.cycleDays()));
        return append(table, customer, orderedAt, values, zone);
    }

    public static int appendEvent(FactTable table, int customer, Facts.Event e, ZoneId zone) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("type", e.type());
        values.putAll(e.properties());
        return append(table, customer, e.occurredAt(), values, zone);
    }

    public static int appendMessage(FactTable table, int customer, Facts.Message m, ZoneId zone) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("text", m.text());
        values.put("direction", m.direction());
        values.put("channel", m.channel());
        values.put("group_id", m.groupId());
        values.put("staff_id", m.staffId());
        return append(table, customer, m.sentAt(), values, zone);
    }

    private static int append(FactTable table, int customer, long time, Map<String, String> values, ZoneId zone) {
        int row = table.appendRow(customer, time);
        values.forEach((name, text) -> {
            Column column = table.column(name);
            if (column == null) {
                column = table.addColumn(new StringColumn(name, row + 4));
                for (int i = 0; i < row; i++) {
                    column.appendText(null, zone);
                }
            }
            try {
                column.appendText(text, zone);
            } catch (RuntimeException notConvertible) {
                column.appendText(null, zone);
            }
        });
        for (Column c : table.columns().values()) {
            while (c.size() <= row) {
                c.appendText(null, zone);
            }
        }
        return row;
    }
}
