package io.siyu.store;

import io.siyu.facts.FactSink;
import io.siyu.facts.Facts;
import io.siyu.facts.IdColumn;
import io.siyu.facts.PersonRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

/**
 * Stores facts in the database in batched transactions, on a connection of its own.
 *
 * <p>Repeats: a customer, staff member, product, order, event or message whose id is already
 * stored (or was given earlier in this import) is not stored again and its method returns
 * {@code false}. The answer comes at once from the ids of that kind, loaded from the database
 * when the first fact of the kind arrives; every insert is also {@code ON CONFLICT DO NOTHING},
 * so the database never holds a repeat even if another writer raced this one. An identity link
 * whose refs are stored already is a repeat too. Order lines carry no id: in a file import
 * ({@link Store#importer()}) the lines of an order that had lines stored before the import are
 * repeats, so importing the same files twice doubles nothing; the server's importer stores the
 * lines it is given (it gives only the lines of an order it has just found new). Events or
 * messages without an id are always stored.
 *
 * <p>Durability: facts are committed by {@link #flush()} and {@link #close()}; until then a
 * crash loses them (and a re-import applies them once). {@link #abort()} discards them.
 */
public final class FactImport implements FactSink, AutoCloseable {
    private static final int BATCH = 10_000;

    private final Connection connection;
    private final String shownUrl;
    private final Table customers;
    private final Table customerUpdates;
    private final Table identities;
    private final Table staff;
    private final Table products;
    private final Table orders;
    private final Table orderItems;
    private final Table events;
    private final Table messages;
    private final List<Table> tables;
    private boolean closed;
    private boolean failed;
    private final boolean ownsConnection;
    /** Whether the lines of an order that had lines before this import are repeats (file imports: order_items.csv again). */
    private final boolean linesOfStoredOrdersAreRepeats;

    FactImport(Connection connection, String shownUrl) {
        this(connection, shownUrl, true);
    }

    /**
     * {@code ownsConnection} false: the connection is the store's own, left open on close — the
     * server's importer, which gives only the lines of orders it has just found new, so it skips
     * the check a file import needs ({@link #linesOfStoredOrdersAreRepeats}).
     */
    FactImport(Connection connection, String shownUrl, boolean ownsConnection) {
        this.ownsConnection = ownsConnection;
        this.linesOfStoredOrdersAreRepeats = ownsConnection;
        this.connection = connection;
        this.shownUrl = shownUrl;
        customers = new Table("customers", "customer_id", "customer_id, attributes");
        customerUpdates = new Table("customer_updates", null, "customer_id, attributes");
        identities = new Table("identity_links", "refs", "refs, source");
        staff = new Table("staff", "staff_id", "staff_id, name, role, store_id, active");
        products = new Table("products", "sku", "sku, name, category, price, cycle_days");
        orders = new Table("orders", "order_id",
                "order_id, ref_kind, ref_value, ordered_at, amount, status, store_id, channel, table_id");
        orderItems = new Table("order_items", null, "order_id, sku, quantity, unit_price");
        events = new Table("events", "event_id", "event_id, ref_kind, ref_value, occurred_at, type, properties");
        messages = new Table("messages", "message_id",
                "message_id, ref_kind, ref_value, sent_at, text, direction, channel, group_id, staff_id");
        tables = List.of(customers, customerUpdates, identities, staff, products, orders, orderItems, events, messages);
    }

    @Override
    public boolean customer(Facts.Customer c) {
        Table t = customers;
        try {
            if (!t.admit(c.customerId())) {
                return false;
            }
            PreparedStatement ps = t.row();
            ps.setString(2, c.customerId());
            ps.setString(3, Json.write(c.attributes()));
            t.add();
            return true;
        } catch (SQLException e) {
            throw fail(t, e);
        }
    }

    /**
     * Loads the stored ids of every kind now (otherwise the first fact of each kind does), so a
     * server's first requests are not the ones that wait for millions of ids.
     */
    public void loadKnownIds() {
        try {
            for (Table t : tables) {
                t.loadKnown();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the stored fact ids from " + shownUrl + ": " + e.getMessage()
                    + ". Check that the database is reachable and migrated", e);
        }
    }

    /**
     * A customer already stored, given again with attribute values: records the values given
     * (non-blank ones) as an update under its own load-order number, to be folded into the
     * customer's attributes when the server applies it ({@link Store#saveOutcomes(List, java.util.Map, java.util.Map, java.util.Map)}).
     * Returns the values recorded, or null when none were given. Written in this import's
     * transaction, committed by {@link #flush()} with the facts around it.
     */
    public java.util.Map<String, String> customerUpdate(Facts.Customer c) {
        java.util.Map<String, String> given = new java.util.LinkedHashMap<>();
        if (c.attributes() != null) {
            c.attributes().forEach((k, v) -> {
                if (v != null && !v.isBlank()) {
                    given.put(k, v);
                }
            });
        }
        if (given.isEmpty()) {
            return null;
        }
        Table t = customerUpdates;
        try {
            t.admit(null);
            PreparedStatement ps = t.row();
            ps.setString(2, c.customerId());
            ps.setString(3, Json.write(given));
            t.add();
            return given;
        } catch (SQLException e) {
            throw fail(t, e);
        }
    }

    @Override
    public boolean identity(Facts.IdentityLink link) {
        Table t = identities;
        try {
            String refs = Json.writeRefs(link.refs());
            if (!t.admit(refs)) {
                return false;
            }
            PreparedStatement ps = t.row();
            ps.setString(2, refs);
            text(ps, 3, link.source());
            t.add();
            return true;
        } catch (SQLException e) {
            throw fail(t, e);
        }
    }

    @Override
    public boolean staff(Facts.Staff s) {
        Table t = staff;
        try {
            if (!t.admit(s.staffId())) {
                return false;
            }
            PreparedStatement ps = t.row();
            ps.setString(2, s.staffId());
            text(ps, 3, s.name());
            text(ps, 4, s.role());
            text(ps, 5, s.storeId());
            ps.setInt(6, s.active() ? 1 : 0);
            t.add();
            return true;
        } catch (SQLException e) {
            throw fail(t, e);
        }
    }

    @Override
    public boolean product(Facts.Product p) {
        Table t = products;
        try {
            if (!t.admit(p.sku())) {
                return false;
            }
            PreparedStatement ps = t.row();
            ps.setString(2, p.sku());
            text(ps, 3, p.name());
            text(ps, 4, p.category());
            number(ps, 5, p.price());
            number(ps, 6, p.cycleDays());
            t.add();
            return true;
        } catch (SQLException e) {
            throw fail(t, e);
        }
    }

    @Override
    public boolean order(Facts.Order o) {
        Table t = orders;
        try {
            if (!t.admit(o.orderId())) {
                return false;
            }
            PreparedStatement ps = t.row();
            ps.setString(2, o.orderId());
            ref(ps, 3, o.person());
            ps.setLong(5, o.orderedAt());
            number(ps, 6, o.amount());
            text(ps, 7, o.status());
            text(ps, 8, o.storeId());
            text(ps, 9, o.channel());
            text(ps, 10, o.tableId());
            t.add();
            return true;
        } catch (SQLException e) {
            throw fail(t, e);
        }
    }

    @Override
    public boolean orderItem(Facts.OrderItem item) {
        Table t = orderItems;
        try {
            t.admit(null);
            if (linesOfStoredOrdersAreRepeats && !isLineOfNewOrder(item.orderId())) {
                return false;
            }
            PreparedStatement ps = t.row();
            ps.setString(2, item.orderId());
            ps.setString(3, item.sku());
            number(ps, 4, item.quantity());
            number(ps, 5, item.unitPrice());
            t.add();
            return true;
        } catch (SQLException e) {
            throw fail(t, e);
        }
    }

    /** Orders whose lines this import stored: their further lines are new too. */
    private final IdColumn ordersLinedHere = new IdColumn();
    /** Orders that had lines before this import: their lines given again are repeats, asked once per order. */
    private final IdColumn ordersLinedBefore = new IdColumn();

    /** Whether a line belongs to an order whose lines were not stored before this import. */
    private boolean isLineOfNewOrder(String orderId) throws SQLException {
        if (ordersLinedHere.find(orderId) >= 0) {
            return true;
        }
        if (ordersLinedBefore.find(orderId) >= 0) {
            return false;
        }
        if (linesOfOrder == null) {
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT 1 FROM order_items LIMIT 1")) {
                anyLinesBefore = rs.next(); // a first import asks nothing per order
            }
            linesOfOrder = connection.prepareStatement("SELECT 1 FROM order_items WHERE order_id = ? LIMIT 1");
        }
        if (anyLinesBefore) {
            linesOfOrder.setString(1, orderId);
            try (ResultSet rs = linesOfOrder.executeQuery()) {
                if (rs.next()) {
                    ordersLinedBefore.add(orderId);
                    return false;
                }
            }
        }
        ordersLinedHere.add(orderId);
        return true;
    }

    private PreparedStatement linesOfOrder;
    private boolean anyLinesBefore;

    @Override
    public boolean event(Facts.Event e) {
        Table t = events;
        try {
            if (!t.admit(e.eventId())) {
                return false;
            }
            PreparedStatement ps = t.row();
            text(ps, 2, e.eventId());
            ref(ps, 3, e.person());
            ps.setLong(5, e.occurredAt());
            ps.setString(6, e.type());
            ps.setString(7, Json.write(e.properties() == null ? java.util.Map.of() : e.properties()));
            t.add();
            return true;
        } catch (SQLException ex) {
            throw fail(t, ex);
        }
    }

    @Override
    public boolean message(Facts.Message m) {
        Table t = messages;
        try {
            if (!t.admit(m.messageId())) {
                return false;
            }
            PreparedStatement ps = t.row();
            text(ps, 2, m.messageId());
            ref(ps, 3, m.person());
            ps.setLong(5, m.sentAt());
            text(ps, 6, m.text());
            text(ps, 7, m.direction());
            text(ps, 8, m.channel());
            text(ps, 9, m.groupId());
            text(ps, 10, m.staffId());
            t.add();
            return true;
        } catch (SQLException e) {
            throw fail(t, e);
        }
    }

    /** Writes pending batches and commits: every fact accepted so far is durable when this returns. */
    public void flush() {
        checkOpen();
        Table current = null;
        try {
            for (Table t : tables) {
                current = t;
                t.execute();
            }
            current = null;
            if (ownsConnection) {
                // an import is loaded, not applied live: a server starting later owes its rows nothing —
                // but it still owes facts the server stored and had not applied before the import
                Store.advanceMarksPast(connection, firstSeqs(), lastSeqs());
            }
            connection.commit();
        } catch (SQLException e) {
            throw fail(current, e);
        }
    }

    /**
     * The load-order number of the last row stored so far of each fact table the server applies
     * ({@link Store#APPLIED_TABLES}) that this importer has written to.
     */
    public java.util.Map<String, Long> lastSeqs() {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (Table t : tables) {
            if (t.nextSeq > 0 && Store.APPLIED_TABLES.contains(t.name)) {
                out.put(t.name, t.nextSeq - 1);
            }
        }
        return out;
    }

    /** The load-order number of the first row this importer wrote to each applied table it has written to. */
    private java.util.Map<String, Long> firstSeqs() {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (Table t : tables) {
            if (t.firstSeq > 0 && Store.APPLIED_TABLES.contains(t.name)) {
                out.put(t.name, t.firstSeq);
            }
        }
        return out;
    }

    /** Discards every fact not yet flushed and closes the importer. */
    public void abort() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // closing anyway
        } finally {
            release();
        }
    }

    /** Flushes (unless an earlier failure left the import unusable, then rolls back) and closes. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (failed) {
            abort();
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            release();
        }
    }

    private void release() {
        for (Table t : tables) {
            t.closeStatement();
        }
        try {
            if (linesOfOrder != null) {
                linesOfOrder.close();
            }
            if (ownsConnection) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // nothing left to lose: committed or rolled back above
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the fact import is closed");
        }
        if (failed) {
            throw new IllegalStateException("the fact import failed earlier and was not committed; start a new one");
        }
    }

    private StoreException fail(Table t, SQLException e) {
        failed = true;
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // report the original failure
        }
        SQLException detail = e.getNextException() != null ? e.getNextException() : e;
        return new StoreException("cannot store " + (t == null ? "facts" : t.name) + " in database '" + shownUrl
                + "': " + detail.getMessage() + ". Nothing since the last flush was stored", e);
    }

    private static void text(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static void number(PreparedStatement ps, int index, double value) throws SQLException {
        if (Double.isNaN(value)) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    private static void ref(PreparedStatement ps, int index, PersonRef ref) throws SQLException {
        ps.setString(index, ref.kind().column());
        ps.setString(index + 1, ref.value());
    }

    /** One fact table: its insert statement, pending batch, next load-order number and known ids. */
    private final class Table {
        final String name;
        final String idColumn;
        final String insertSql;
        PreparedStatement statement;
        long nextSeq = -1;
        long firstSeq = -1;
        int pending;
        IdColumn known;

        Table(String name, String idColumn, String columns) {
            this.name = name;
            this.idColumn = idColumn;
            int values = columns.split(",").length + 1;
            this.insertSql = "INSERT INTO " + name + " (seq, " + columns + ") VALUES (?"
                    + ", ?".repeat(values - 1) + ") ON CONFLICT DO NOTHING";
        }

        /** Whether a fact with this id is new (a null id always is); remembers it. */
        boolean admit(String id) throws SQLException {
            checkOpen();
            if (idColumn == null || id == null) {
                return true;
            }
            loadKnown();
            return known.add(id) >= 0;
        }

        /** The ids stored so far, read once. */
        void loadKnown() throws SQLException {
            if (known == null && idColumn != null) {
                known = new IdColumn();
                try (Statement st = connection.createStatement()) {
                    st.setFetchSize(BATCH);
                    try (ResultSet rs = st.executeQuery("SELECT " + idColumn + " FROM " + name
                            + " WHERE " + idColumn + " IS NOT NULL")) {
                        while (rs.next()) {
                            known.add(rs.getString(1));
                        }
                    }
                }
            }
        }

        /** The insert statement with the load-order number bound; the caller binds the rest. */
        PreparedStatement row() throws SQLException {
            if (statement == null) {
                try (Statement st = connection.createStatement();
                     ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM " + name)) {
                    rs.next();
                    nextSeq = rs.getLong(1) + 1;
                    firstSeq = nextSeq;
                }
                statement = connection.prepareStatement(insertSql);
            }
            statement.setLong(1, nextSeq++);
            return statement;
        }

        void add() throws SQLException {
            statement.addBatch();
            if (++pending >= BATCH) {
                execute();
            }
        }

        void execute() throws SQLException {
            if (pending > 0) {
                statement.executeBatch();
                pending = 0;
            }
        }

        void closeStatement() {
            if (statement != null) {
                try {
                    statement.close();
                } catch (SQLException ignored) {
                    // the connection closes next
                }
            }
        }
    }
}
