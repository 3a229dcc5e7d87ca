package io.siyu.facts;

import io.siyu.identity.IdentityConflict;
import io.siyu.identity.IdentityOptions;
import io.siyu.identity.IdentityResolution;
import io.siyu.identity.IdentityResolver;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an in-memory {@link Dataset} from facts: appends them to columnar {@link FactTable}s keyed
 * by identity node, unifies identities ({@link IdentityResolver}) and then rewrites every row to
 * its unified customer (0..n-1 in survivor id order).
 *
 * <p>Repeats are applied once (the first wins) and answered with {@code false}: customers by
 * customer_id, staff by staff_id, products by sku, orders by order_id, events by event_id and
 * messages by message_id when those are given. An event or message without an id gets a generated
 * one, {@code #<row>} (a later real id equal to a generated one counts as a repeat).
 *
 * <p>Order items join their order by order_id (customer and instant are the order's) whatever
 * the order of arrival; items whose order never arrives are left out and counted
 * ({@link #orphanedItems()}, {@link #issues()}). Items get {@code category} and {@code cycle_days}
 * from products.
 *
 * <p>Customer attributes (and event properties) are typed per column from all their non-empty
 * values: all plain decimal numbers → NUMBER (a value with a leading zero such as {@code 007} keeps
 * the column STRING), all ISO-8601 dates or timestamps → TIME, otherwise STRING. When several
 * customer rows unify into one customer, each attribute takes the value of the row with the
 * smallest customer_id that has one. Identity columns (phone, unionid …) are not attributes; they
 * are in {@link Customers#identities(int)}.
 *
 * <p>Single use: {@link #build()} once, then the builder refuses more facts. Not thread-safe.
 */
public final class DatasetBuilder implements FactSink {
    private final ZoneId zone;
    private final IdentityResolver resolver;

    private final IdColumn customerIds = new IdColumn();
    private int[] customerNode = new int[1024];
    private final Map<String, StringColumn> customerAttributes = new LinkedHashMap<>();

    private final Map<String, Facts.Staff> staff = new LinkedHashMap<>();
    private final Map<String, Facts.Product> products = new LinkedHashMap<>();

    private final FactTable orders = new FactTable("orders", 1024);
    private final IdColumn orderIds = new IdColumn();
    private final NumberColumn amount = orders.addColumn(new NumberColumn("amount", 1024));
    private final StringColumn status = orders.addColumn(new StringColumn("status", 1024));
    private final StringColumn storeId = orders.addColumn(new StringColumn("store_id", 1024));
    private final StringColumn orderChannel = orders.addColumn(new StringColumn("channel", 1024));
    private final StringColumn tableId = orders.addColumn(new StringColumn("table_id", 1024));

    private final FactTable items = new FactTable("order_items", 1024);
    private final StringColumn itemSku = new StringColumn("sku", 1024);
    private final NumberColumn quantity = new NumberColumn("quantity", 1024);
    private final NumberColumn unitPrice = new NumberColumn("unit_price", 1024);
    private final List<Facts.OrderItem> pendingItems = new ArrayList<>();
    private int orphanedItems;
    private final List<String> orphanExamples = new ArrayList<>();

    private final FactTable events = new FactTable("events", 1024);
    private final IdColumn eventIds = new IdColumn();
    private final StringColumn eventType = new StringColumn("type", 1024);
    private final Map<String, StringColumn> eventProperties = new LinkedHashMap<>();
    /** The event properties to keep (null: all): models read only the ones they declare. */
    private java.util.Set<String> keptEventProperties;

    private final FactTable messages = new FactTable("messages", 1024);
    private final IdColumn messageIds = new IdColumn();
    private final StringColumn text = messages.addColumn(new StringColumn("text", 1024));
    private final StringColumn direction = messages.addColumn(new StringColumn("direction", 1024));
    private final StringColumn messageChannel = messages.addColumn(new StringColumn("channel", 1024));
    private final StringColumn groupId = messages.addColumn(new StringColumn("group_id", 1024));
    private final StringColumn staffId = messages.addColumn(new StringColumn("staff_id", 1024));

    private long identityLinks;
    private IdentityResolution resolution;

    public DatasetBuilder(ZoneId zone, IdentityOptions options) {
        this.zone = zone;
        this.resolver = new IdentityResolver(options);
        orders.setIds(orderIds);
        events.setIds(eventIds);
        messages.setIds(messageIds);
    }

    public DatasetBuilder(ZoneId zone) {
        this(zone, IdentityOptions.DEFAULT);
    }

    // ---- FactSink ----

    @Override
    public boolean customer(Facts.Customer customer) {
        open();
        int row = customerIds.add(customer.customerId());
        if (row < 0) {
            return false;
        }
        if (row == customerNode.length) {
            customerNode = Arrays.copyOf(customerNode, row * 2);
        }
        customerNode[row] = resolver.node(IdentityKind.CUSTOMER_ID, customer.customerId());
        for (Map.Entry<String, String> e : customer.attributes().entrySet()) {
            if (e.getKey().equals(IdentityKind.CUSTOMER_ID.column())
                    || IdentityKind.fromColumn(e.getKey()).isPresent()) {
                continue;
            }
            StringColumn col = customerAttributes.computeIfAbsent(e.getKey(), k -> padded(k, row));
            if (col.size() == row) {
                col.append(emptyToNull(e.getValue()));
            }
        }
        for (StringColumn col : customerAttributes.values()) {
            if (col.size() == row) {
                col.append(null);
            }
        }
        return true;
    }

    @Override
    public boolean identity(Facts.IdentityLink link) {
        open();
        identityLinks++;
        resolver.link(link.refs(), link.source());
        return true;
    }

    @Override
    public boolean staff(Facts.Staff s) {
        open();
        return staff.putIfAbsent(s.staffId(), s) == null;
    }

    @Override
    public boolean product(Facts.Product p) {
        open();
        return products.putIfAbsent(p.sku(), p) == null;
    }

    @Override
    public boolean order(Facts.Order o) {
        open();
        if (orderIds.add(o.orderId()) < 0) {
            return false;
        }
        orders.appendRow(resolver.node(o.person()), o.orderedAt());
        amount.append(o.amount());
        status.append(o.status() == null ? "paid" : o.status());
        storeId.append(o.storeId());
        orderChannel.append(o.channel());
        tableId.append(o.tableId());
        return true;
    }

    @Override
    public boolean orderItem(Facts.OrderItem item) {
        open();
        if (!appendItem(item)) {
            pendingItems.add(item);
        }
        return true;
    }

    private boolean appendItem(Facts.OrderItem item) {
        int order = orderIds.find(item.orderId());
        if (order < 0) {
            return false;
        }
        items.appendRow(orders.customers()[order], orders.times()[order]);
        itemSku.append(item.sku());
        quantity.append(item.quantity());
        unitPrice.append(item.unitPrice());
        return true;
    }

    /**
     * Keeps only these event properties (the ones the models to be run declare; no model can read
     * another): a large history's other properties would only take memory.
     */
    public DatasetBuilder keepOnlyEventProperties(java.util.Set<String> names) {
        this.keptEventProperties = java.util.Set.copyOf(names);
        return this;
    }

    /**
     * Keeps the rows of events and messages only when {@code names} holds their table (orders and
     * their lines are always kept: {@link Dataset#OPTIONAL_TABLES}): a data set loaded for models that read no chat keeps ten
     * million messages out of memory at a million customers. A skipped fact's person still counts
     * for unification, so the customers are the same; skipped rows are not checked for repeats.
     */
    public DatasetBuilder keepOnlyTables(java.util.Set<String> names) {
        this.keptTables = java.util.Set.copyOf(names);
        return this;
    }

    private java.util.Set<String> keptTables;

    private boolean skips(String table, PersonRef person) {
        if (Dataset.keeps(keptTables, table)) {
            return false;
        }
        resolver.node(person);
        return true;
    }

    @Override
    public boolean event(Facts.Event e) {
        open();
        if (skips("events", e.person())) {
            return true;
        }
        int row = events.size();
        if (!addId(eventIds, e.eventId(), row)) {
            return false;
        }
        events.appendRow(resolver.node(e.person()), e.occurredAt());
        eventType.append(e.type());
        for (Map.Entry<String, String> p : e.properties().entrySet()) {
            if (keptEventProperties != null && !keptEventProperties.contains(p.getKey())) {
                continue;
            }
            StringColumn col = eventProperties.computeIfAbsent(p.getKey(), k -> padded(k, row));
            if (col.size() == row) {
                col.append(emptyToNull(p.getValue()));
            }
        }
        for (StringColumn col : eventProperties.values()) {
            if (col.size() == row) {
                col.append(null);
            }
        }
        return true;
    }

    @Override
    public boolean message(Facts.Message m) {
        open();
        if (skips("messages", m.person())) {
            return true;
        }
        int row = messages.size();
        if (!addId(messageIds, m.messageId(), row)) {
            return false;
        }
        messages.appendRow(resolver.node(m.person()), m.sentAt());
        text.append(m.text());
        direction.append(m.direction());
        messageChannel.append(m.channel());
        groupId.append(m.groupId());
        staffId.append(m.staffId());
        return true;
    }

    /** Adds a row id (generating one when null); false when the id is a repeat. */
    private static boolean addId(IdColumn ids, String id, int row) {
        if (id != null) {
            return ids.add(id) >= 0;
        }
        String generated = "#" + row;
        for (int k = 1; ids.add(generated) < 0; k++) {
            generated = "#" + row + "." + k;
        }
        return true;
    }

    // ---- results ----

    /** Item rows whose order_id matched no loaded order (counted at {@link #build()}). */
    public int orphanedItems() {
        return orphanedItems;
    }

    /** Identity links received (identity rows and fact rows that gave several references). */
    public long identityLinks() {
        return identityLinks;
    }

    /** Distinct identity references seen. */
    public int identityNodes() {
        return resolver.nodeCount();
    }

    /** The unification result; available after {@link #build()}. */
    public IdentityResolution identity() {
        if (resolution == null) {
            throw new IllegalStateException("call build() first");
        }
        return resolution;
    }

    /** Identity conflicts found; available after {@link #build()}. */
    public List<IdentityConflict> conflicts() {
        return identity().conflicts();
    }

    /** Readable problems found while building (orphaned items, identity conflicts). */
    public List<String> issues() {
        List<String> out = new ArrayList<>();
        if (orphanedItems > 0) {
            out.add(orphanedItems + " order item" + (orphanedItems == 1 ? "" : "s")
                    + " refer to an order that was not loaded (e.g. order_id " + String.join(", ", orphanExamples)
                    + "); they were left out — load the orders or fix the order_id");
        }
        if (resolution != null) {
            for (IdentityConflict c : resolution.conflicts()) {
                out.add(c.message());
            }
        }
        return out;
    }

    /** Unifies identities and returns the data set; call once. */
    public Dataset build() {
        open();
        for (Facts.OrderItem item : pendingItems) {
            if (!appendItem(item)) {
                orphanedItems++;
                if (orphanExamples.size() < 5 && !orphanExamples.contains(item.orderId())) {
                    orphanExamples.add(item.orderId());
                }
            }
        }
        pendingItems.clear();
        resolution = resolver.resolve();
        int[] mapping = resolution.nodeToCustomer();

        orders.remapCustomers(mapping);
        messages.remapCustomers(mapping);
        FactTable itemTable = buildItems(mapping);
        FactTable eventTable = buildEvents(mapping);

        Map<String, FactTable> tables = new LinkedHashMap<>();
        tables.put("orders", orders);
        tables.put("order_items", itemTable);
        tables.put("events", eventTable);
        tables.put("messages", messages);
        tables.values().forEach(t -> {
            if (t.ids() != null) {
                t.ids().compact();
            }
            t.sortByCustomer();
        });
        String[] survivors = resolution.survivorIds();
        Customers customers = new Customers(survivors, buildAttributes(mapping, survivors.length),
                resolution.identities());
        return new Dataset(zone, customers, tables, new ArrayList<>(staff.values()),
                new ArrayList<>(products.values()));
    }

    private FactTable buildItems(int[] mapping) {
        int n = items.size();
        FactTable table = new FactTable("order_items", n);
        int[] cust = items.customers();
        long[] time = items.times();
        for (int i = 0; i < n; i++) {
            table.appendRow(mapping[cust[i]], time[i]);
        }
        Dictionary skus = itemSku.dictionary();
        int distinct = skus.size();
        int[] categoryOfSku = new int[distinct];
        double[] cycleOfSku = new double[distinct];
        StringColumn category = new StringColumn("category", n);
        for (int k = 0; k < distinct; k++) {
            Facts.Product p = products.get(skus.decode(k));
            categoryOfSku[k] = p == null || p.category() == null ? -1 : category.dictionary().encode(p.category());
            cycleOfSku[k] = p == null ? Double.NaN : p.cycleDays();
        }
        double[] cycle = new double[n];
        for (int i = 0; i < n; i++) {
            int code = itemSku.code(i);
            category.appendCode(code < 0 ? -1 : categoryOfSku[code]);
            cycle[i] = code < 0 ? Double.NaN : cycleOfSku[code];
        }
        table.addColumn(itemSku);
        table.addColumn(category);
        table.addColumn(quantity);
        table.addColumn(unitPrice);
        table.addColumn(new NumberColumn("cycle_days", cycle));
        return table;
    }

    private FactTable buildEvents(int[] mapping) {
        int n = events.size();
        FactTable table = new FactTable("events", n);
        int[] cust = events.customers();
        long[] time = events.times();
        for (int i = 0; i < n; i++) {
            table.appendRow(mapping[cust[i]], time[i]);
        }
        table.setIds(eventIds);
        table.addColumn(eventType);
        for (StringColumn col : eventProperties.values()) {
            int[] identity = new int[n];
            for (int i = 0; i < n; i++) {
                identity[i] = i;
            }
            table.addColumn(typed(col, identity, n));
        }
        return table;
    }

    private Map<String, Column> buildAttributes(int[] mapping, int customerCount) {
        int rows = customerIds.size();
        // rows in customer_id order, so the smallest customer_id of a unified customer wins
        Integer[] byId = new Integer[rows];
        String[] ids = new String[rows];
        for (int r = 0; r < rows; r++) {
            byId[r] = r;
            ids[r] = customerIds.get(r);
        }
        Arrays.sort(byId, (a, b) -> ids[a].compareTo(ids[b]));
        Map<String, Column> out = new LinkedHashMap<>();
        for (StringColumn col : customerAttributes.values()) {
            // source row per customer: the first row (by customer_id) with a value
            int[] source = new int[customerCount];
            Arrays.fill(source, -1);
            for (Integer r : byId) {
                int c = mapping[customerNode[r]];
                if (source[c] < 0 && !col.isNull(r)) {
                    source[c] = r;
                }
            }
            out.put(col.name(), typed(col, source, customerCount));
        }
        return out;
    }

    /**
     * A typed column of {@code size} rows whose row {@code i} is {@code col}'s row
     * {@code source[i]} (null when {@code source[i] < 0}).
     */
    private Column typed(StringColumn col, int[] source, int size) {
        Dictionary dict = col.dictionary();
        int distinct = dict.size();
        ColumnType type = inferType(dict);
        if (type == ColumnType.NUMBER) {
            double[] byCode = new double[distinct];
            for (int k = 0; k < distinct; k++) {
                byCode[k] = Double.parseDouble(dict.decode(k).strip());
            }
            double[] values = new double[size];
            for (int i = 0; i < size; i++) {
                int code = source[i] < 0 ? -1 : col.code(source[i]);
                values[i] = code < 0 ? Double.NaN : byCode[code];
            }
            return new NumberColumn(col.name(), values);
        }
        if (type == ColumnType.TIME) {
            long[] byCode = new long[distinct];
            for (int k = 0; k < distinct; k++) {
                byCode[k] = Timestamps.parse(dict.decode(k), zone);
            }
            TimeColumn out = new TimeColumn(col.name(), zone, size);
            for (int i = 0; i < size; i++) {
                int code = source[i] < 0 ? -1 : col.code(source[i]);
                out.append(code < 0 ? TimeColumn.NULL : byCode[code]);
            }
            return out;
        }
        StringColumn out = new StringColumn(col.name(), dict, size);
        for (int i = 0; i < size; i++) {
            out.appendCode(source[i] < 0 ? -1 : col.code(source[i]));
        }
        return out;
    }

    /** NUMBER if every distinct value is a plain decimal, TIME if every one is ISO-8601, else STRING. */
    ColumnType inferType(Dictionary dict) {
        int distinct = dict.size();
        if (distinct == 0) {
            return ColumnType.STRING;
        }
        boolean numbers = true;
        for (int k = 0; k < distinct && numbers; k++) {
            numbers = isPlainNumber(dict.decode(k).strip());
        }
        if (numbers) {
            return ColumnType.NUMBER;
        }
        for (int k = 0; k < distinct; k++) {
            String v = dict.decode(k).strip();
            if (v.length() < 10 || v.charAt(4) != '-') {
                return ColumnType.STRING;
            }
            try {
                Timestamps.parse(v, zone);
            } catch (DateTimeException e) {
                return ColumnType.STRING;
            }
        }
        return ColumnType.TIME;
    }

    /** Optional minus, digits (no leading zero before another digit), optional fraction. */
    static boolean isPlainNumber(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int start = i;
        while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
            i++;
        }
        int intDigits = i - start;
        if (intDigits == 0 || (intDigits > 1 && s.charAt(start) == '0')) {
            return false;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            int fracStart = i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == fracStart) {
                return false;
            }
        }
        return i == n;
    }

    private static StringColumn padded(String name, int rows) {
        StringColumn col = new StringColumn(name, Math.max(16, rows));
        for (int i = 0; i < rows; i++) {
            col.append(null);
        }
        return col;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private void open() {
        if (resolution != null) {
            throw new IllegalStateException("build() was already called; use a new DatasetBuilder");
        }
    }
}
