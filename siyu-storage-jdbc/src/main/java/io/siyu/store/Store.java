package io.siyu.store;

import io.siyu.facts.FactSink;
import io.siyu.facts.Facts;
import io.siyu.facts.PersonRef;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Siyu's database: the imported facts, layering model versions and evaluation runs. An embedded
 * SQLite file by default, PostgreSQL in production; one set of Flyway migrations
 * ({@code classpath:db/migration}) serves both and runs on {@link #open}.
 *
 * <p>Profiles are stored as one JSON object per customer and run ({@code run_profiles}); layer
 * memberships as a long table, one row per (run, layer, customer) ({@code run_memberships}), so
 * tier migration between two runs is one SQL aggregate.
 *
 * <p>A store holds one connection; its methods are synchronized. {@link #importer()} opens a
 * second connection of its own, so a long import does not block readers (SQLite runs in WAL mode).
 */
public final class Store implements AutoCloseable {
    /** The value a customer absent from a run (or from a layer in that run) counts under in {@link #migration}. */
    public static final String NONE = "(none)";

    /** The database engines Siyu supports. */
    public enum Dialect { SQLITE, POSTGRESQL }

    private static final int BATCH = 5_000;
    private static final int FETCH = 10_000;

    /** Flyway's INFO lines (one per migration check) are noise on every open; keep its warnings. */
    private static final java.util.logging.Logger FLYWAY_LOG = java.util.logging.Logger.getLogger("org.flywaydb");

    static {
        if (FLYWAY_LOG.getLevel() == null) {
            FLYWAY_LOG.setLevel(java.util.logging.Level.WARNING);
        }
    }

    private final String jdbcUrl;
    private final String shownUrl;
    private final Dialect dialect;
    private final Connection connection;
    /** Long reads (counts over every task) that would otherwise make ingest wait for the store's connection. */
    private Connection scanConnection;
    private final Object scanLock = new Object();

    private Store(String jdbcUrl, Dialect dialect, Connection connection) {
        this.jdbcUrl = jdbcUrl;
        this.shownUrl = mask(jdbcUrl);
        this.dialect = dialect;
        this.connection = connection;
    }

    /**
     * Opens (creating if needed) and migrates a database. {@code location} is a JDBC URL
     * ({@code jdbc:postgresql://HOST[:PORT]/DB?user=..&password=..} or {@code jdbc:sqlite:FILE}) or
     * a directory path, meaning embedded SQLite at {@code DIR/siyu.db} (the directory is created).
     *
     * @throws StoreException saying what was tried and how to fix it
     */
    public static Store open(String location) {
        if (location == null || location.isBlank()) {
            throw new StoreException("no database given: pass a directory (embedded SQLite at DIR/siyu.db), "
                    + "jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DB?user=..&password=..");
        }
        String jdbcUrl = toJdbcUrl(location.strip());
        Dialect dialect = dialectOf(jdbcUrl);
        if (dialect == Dialect.SQLITE) {
            prepareSqliteFile(jdbcUrl);
        }
        Connection connection = connect(jdbcUrl, dialect, false);
        try {
            if (migrate(jdbcUrl, dialect)) {
                compactAfterRewrite(connection, mask(jdbcUrl));
            }
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
        return new Store(jdbcUrl, dialect, connection);
    }

    /** The database URL with any password masked, for messages and logs. */
    public String location() {
        return shownUrl;
    }

    public Dialect dialect() {
        return dialect;
    }

    // ---------------------------------------------------------------- facts

    /**
     * A fact sink that stores facts durably in batches on its own connection and transaction.
     * Nothing is visible to others until {@link FactImport#flush()} or {@link FactImport#close()}.
     * Use one importer at a time per database.
     */
    public FactImport importer() {
        return new FactImport(connect(jdbcUrl, dialect, true), shownUrl);
    }

    private BackgroundCheckpoints checkpointer;
    /** {@code -Dsiyu.ingest.trace=true} also logs each checkpoint's step on the store's connection (it holds the store meanwhile). */
    private static final boolean TRACE_CHECKPOINTS = Boolean.getBoolean("siyu.ingest.trace");

    /**
     * For a server committing small transactions all day: SQLite's write-ahead log is copied back
     * into the database (a checkpoint, with its fsync) on a schedule, mostly from a second
     * connection ({@link BackgroundCheckpoints}), instead of inside whichever commit crosses the
     * log's size limit — which halved the time to store a request's outcomes. Commits stay as
     * durable as before (the log is written at each commit; only the copy moves). No-op on
     * PostgreSQL or when already running.
     */
    public synchronized void checkpointInBackground() {
        if (dialect != Dialect.SQLITE || checkpointer != null || jdbcUrl.contains(":memory:") || jdbcUrl.contains("mode=memory")) {
            return;
        }
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint=0");
            databaseFile = FileChannel.open(databaseFilePath(), StandardOpenOption.READ);
            checkpointer = new BackgroundCheckpoints(connect(jdbcUrl, dialect, false), this::checkpointNow, () -> databaseFile.force(false),
                    shownUrl);
        } catch (SQLException e) {
            throw failure("set up background checkpoints in", e);
        } catch (IOException e) {
            throw new StoreException("cannot open the database file of '" + shownUrl + "' for background checkpoints: " + e.getMessage()
                    + ". Check that the file is readable by this user", e);
        }
    }

    /**
     * The database file, open only for the background checkpoints to sync it. Closed after the
     * store's connection: closing a descriptor of a file drops every POSIX lock this process holds
     * on it, SQLite's included.
     */
    private FileChannel databaseFile;

    private Path databaseFilePath() throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA database_list")) {
            while (rs.next()) {
                if ("main".equals(rs.getString("name"))) {
                    return Path.of(rs.getString("file"));
                }
            }
        }
        throw new SQLException("no main database in PRAGMA database_list");
    }

    /**
     * A fact importer on this store's own connection, for a server that stores facts and then their
     * outcomes request after request: one connection keeps SQLite's page cache warm (a second
     * connection's commits would empty it). Use it only while holding this store's monitor
     * ({@code synchronized (store)}), since every other method of the store uses the same connection.
     */
    public FactImport sharedImporter() {
        return new FactImport(connection, shownUrl, false);
    }

    /**
     * Reads every stored fact back into a sink, kind by kind in load order: customers, identities,
     * staff, products, orders, order items, events, messages. The sink's return values are ignored.
     */
    public synchronized void replay(FactSink sink) {
        replay(sink, Map.of(), null);
    }

    /** The fact tables the server applies live, in the order their facts are loaded and applied. */
    public static final List<String> APPLIED_TABLES = List.of("customers", "customer_updates", "identity_links", "orders", "order_items",
            "events", "messages");

    /**
     * The attribute updates of known customers stored after load-order number {@code afterSeq}
     * (the applied mark of {@code customer_updates}), in load order: what a server starting after a
     * crash still owes. Each holds the values given, not yet folded into the customer's attributes.
     */
    public synchronized List<Facts.Customer> customerUpdatesAfter(long afterSeq) {
        List<Facts.Customer> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT customer_id, attributes FROM customer_updates WHERE seq > ? ORDER BY seq")) {
            ps.setLong(1, afterSeq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Facts.Customer(rs.getString(1), Json.readStringMap(rs.getString(2))));
                }
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read the customer updates from", e);
        }
    }

    /** A stored customer's attributes as last applied; null when the customer is not stored. */
    public synchronized Map<String, String> customerAttributes(String customerId) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT attributes FROM customers WHERE customer_id = ?")) {
            ps.setString(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, String> out = rs.next() ? Json.readStringMap(rs.getString(1)) : null;
                connection.commit();
                return out;
            }
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read a customer's attributes from", e);
        }
    }

    /**
     * Like {@link #replay(FactSink)}, but a row of a table in {@code bounds} with a load-order
     * number above its bound goes to {@code tail} instead: how a server starting after a crash
     * loads what its engines had applied ({@link #appliedMarks()}) and gets back what it still owes.
     */
    public synchronized void replay(FactSink sink, Map<String, Long> bounds, FactSink tail) {
        try {
            scan("SELECT seq, customer_id, attributes FROM customers ORDER BY seq",
                    rs -> to(sink, tail, bounds, "customers", rs).customer(new Facts.Customer(rs.getString(2), Json.readStringMap(rs.getString(3)))));
            scan("SELECT seq, refs, source FROM identity_links ORDER BY seq",
                    rs -> to(sink, tail, bounds, "identity_links", rs).identity(new Facts.IdentityLink(Json.readRefs(rs.getString(2)), rs.getString(3))));
            scan("SELECT staff_id, name, role, store_id, active FROM staff ORDER BY seq",
                    rs -> sink.staff(new Facts.Staff(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getInt(5) != 0)));
            scan("SELECT sku, name, category, price, cycle_days FROM products ORDER BY seq",
                    rs -> sink.product(new Facts.Product(rs.getString(1), rs.getString(2), rs.getString(3),
                            number(rs, 4), number(rs, 5))));
            scan("SELECT seq, order_id, ref_kind, ref_value, ordered_at, amount, status, store_id, channel, table_id "
                            + "FROM orders ORDER BY seq",
                    rs -> to(sink, tail, bounds, "orders", rs).order(new Facts.Order(rs.getString(2), ref(rs, 3), rs.getLong(5), number(rs, 6),
                            rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10))));
            scan("SELECT seq, order_id, sku, quantity, unit_price FROM order_items ORDER BY seq",
                    rs -> to(sink, tail, bounds, "order_items", rs).orderItem(new Facts.OrderItem(rs.getString(2), rs.getString(3), number(rs, 4),
                            number(rs, 5))));
            scan("SELECT seq, event_id, ref_kind, ref_value, occurred_at, type, properties FROM events ORDER BY seq",
                    rs -> to(sink, tail, bounds, "events", rs).event(new Facts.Event(rs.getString(2), ref(rs, 3), rs.getLong(5), rs.getString(6),
                            Json.readStringMap(rs.getString(7)))));
            scan("SELECT seq, message_id, ref_kind, ref_value, sent_at, text, direction, channel, group_id, staff_id "
                            + "FROM messages ORDER BY seq",
                    rs -> to(sink, tail, bounds, "messages", rs).message(new Facts.Message(rs.getString(2), ref(rs, 3), rs.getLong(5), rs.getString(6),
                            rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10))));
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read facts from", e);
        }
    }

    /** Where a row goes: to the tail when its load-order number (column 1) is above its table's bound. */
    private static FactSink to(FactSink sink, FactSink tail, Map<String, Long> bounds, String table, ResultSet rs) throws SQLException {
        Long bound = bounds.get(table);
        return bound != null && rs.getLong(1) > bound ? tail : sink;
    }

    /** How far the live engines have applied each fact table ({@link #APPLIED_TABLES}): the last load-order number. */
    public synchronized Map<String, Long> appliedMarks() {
        Map<String, Long> marks = new LinkedHashMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT fact_table, seq FROM applied_marks")) {
            while (rs.next()) {
                marks.put(rs.getString(1), rs.getLong(2));
            }
            connection.commit();
            return marks;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read the applied marks from", e);
        }
    }

    /** The last load-order number stored in each fact table the server applies ({@link #APPLIED_TABLES}; 0: none). */
    public synchronized Map<String, Long> lastSeqs() {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Statement st = connection.createStatement()) {
            for (String table : APPLIED_TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM " + table)) {
                    rs.next();
                    out.put(table, rs.getLong(1));
                }
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read the last load-order numbers from", e);
        }
    }

    /**
     * Moves each table's mark past an import's rows ({@code first}..{@code last}), in the caller's
     * transaction — only where everything before the import was applied: facts the server stored
     * and still owes keep the mark where it is (they and the import are then applied at its start).
     */
    static void advanceMarksPast(Connection connection, Map<String, Long> first, Map<String, Long> last) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE applied_marks SET seq = ? WHERE fact_table = ? AND seq >= ? AND seq < ?")) {
            for (Map.Entry<String, Long> m : last.entrySet()) {
                Long from = first.get(m.getKey());
                if (from == null) {
                    continue;
                }
                ps.setLong(1, m.getValue());
                ps.setString(2, m.getKey());
                ps.setLong(3, from - 1);
                ps.setLong(4, m.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Moves marks forward (never back), in the caller's transaction. */
    static void advanceMarks(Connection connection, Map<String, Long> marks) throws SQLException {
        if (marks.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("UPDATE applied_marks SET seq = ? WHERE fact_table = ? AND seq < ?")) {
            for (Map.Entry<String, Long> m : marks.entrySet()) {
                ps.setLong(1, m.getValue());
                ps.setString(2, m.getKey());
                ps.setLong(3, m.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Row counts of the fact tables, keyed by table name, in load order. */
    public synchronized Map<String, Long> factCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement st = connection.createStatement()) {
            for (String table : List.of("customers", "identity_links", "staff", "products", "orders",
                    "order_items", "events", "messages")) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
            connection.commit();
            return counts;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("count facts in", e);
        }
    }

    // ---------------------------------------------------------------- model versions and runs

    /**
     * Stores a model's YAML text and returns its version id; the same name and text (compared by
     * SHA-256) always give the same id.
     */
    public synchronized long saveModelVersion(String modelName, String yamlText) {
        String sha = sha256(yamlText);
        try {
            for (int attempt = 0; ; attempt++) {
                Optional<Long> existing = queryLong("SELECT id FROM model_versions WHERE model_name = ? AND sha256 = ?",
                        modelName, sha);
                if (existing.isPresent()) {
                    connection.commit();
                    return existing.get();
                }
                long id = nextId("model_versions");
                try (PreparedStatement ps = connection.prepareStatement(
                        "INSERT INTO model_versions (id, model_name, sha256, yaml, created_at) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setLong(1, id);
                    ps.setString(2, modelName);
                    ps.setString(3, sha);
                    ps.setString(4, yamlText);
                    ps.setLong(5, Instant.now().getEpochSecond());
                    ps.executeUpdate();
                    connection.commit();
                    return id;
                } catch (SQLException e) {
                    connection.rollback(); // another writer stored the same version (or took the id): look again
                    if (attempt >= 3) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("save model version in", e);
        }
    }

    /** The YAML text of a model version. */
    /** One stored version of a model or playbook: the audit trail of what ran when. */
    public record VersionInfo(long id, String name, String sha256, Instant createdAt) {}

    /** Every stored model and playbook version, oldest first. */
    public synchronized List<VersionInfo> modelVersions() {
        List<VersionInfo> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT id, model_name, sha256, created_at FROM model_versions ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new VersionInfo(rs.getLong(1), rs.getString(2), rs.getString(3), Instant.ofEpochSecond(rs.getLong(4))));
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read model versions from", e);
        }
    }

    public synchronized Optional<String> modelText(long modelVersionId) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT yaml FROM model_versions WHERE id = ?")) {
            ps.setLong(1, modelVersionId);
            Optional<String> text;
            try (ResultSet rs = ps.executeQuery()) {
                text = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
            connection.commit();
            return text;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read model version from", e);
        }
    }

    /** Records the start of an evaluation of a model version and returns the run id. */
    public synchronized long beginRun(long modelVersionId, Instant asOf, Instant startedAt) {
        try {
            if (queryLong("SELECT id FROM model_versions WHERE id = ?", modelVersionId).isEmpty()) {
                connection.rollback();
                throw new IllegalArgumentException("no model version " + modelVersionId + " in " + shownUrl);
            }
            long id = nextId("runs");
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO runs (id, model_version_id, as_of, started_at, customer_count) VALUES (?, ?, ?, ?, 0)")) {
                ps.setLong(1, id);
                ps.setLong(2, modelVersionId);
                ps.setLong(3, asOf.getEpochSecond());
                ps.setLong(4, startedAt.getEpochSecond());
                ps.executeUpdate();
            }
            connection.commit();
            return id;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("begin a run in", e);
        }
    }

    /**
     * Stores a run's profiles, replacing any saved before: one JSON object per customer mapping
     * each column to its value as text (null stays null). {@code columns} name the values that
     * follow the customer id in each row; a leading {@code customer_id} column name is skipped, so
     * a profile table's header can be passed as is. Sets the run's customer count.
     */
    public synchronized void saveProfiles(long runId, List<String> columns, Iterable<String[]> rows) {
        List<String> valueColumns = !columns.isEmpty() && columns.get(0).equals("customer_id")
                ? columns.subList(1, columns.size()) : columns;
        try {
            requireRun(runId);
            delete("DELETE FROM run_profiles WHERE run_id = ?", runId);
            long count = 0;
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO run_profiles (run_id, customer_id, profile) VALUES (?, ?, ?)")) {
                int pending = 0;
                for (String[] row : rows) {
                    if (row.length != valueColumns.size() + 1) {
                        throw new IllegalArgumentException("profile row for '" + (row.length > 0 ? row[0] : "")
                                + "' has " + row.length + " values; expected the customer id and "
                                + valueColumns.size() + " values " + valueColumns);
                    }
                    Map<String, String> profile = new LinkedHashMap<>();
                    for (int i = 0; i < valueColumns.size(); i++) {
                        profile.put(valueColumns.get(i), row[i + 1]);
                    }
                    ps.setLong(1, runId);
                    ps.setString(2, row[0]);
                    ps.setString(3, Json.write(profile));
                    ps.addBatch();
                    count++;
                    if (++pending == BATCH) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE runs SET profile_columns = ?, customer_count = ? WHERE id = ?")) {
                ps.setString(1, Json.write(valueColumns));
                ps.setLong(2, count);
                ps.setLong(3, runId);
                ps.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("save profiles in", e);
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /** The profile column names saved for a run, in order. */
    public synchronized List<String> profileColumns(long runId) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT profile_columns FROM runs WHERE id = ?")) {
            ps.setLong(1, runId);
            List<String> columns;
            try (ResultSet rs = ps.executeQuery()) {
                columns = rs.next() ? Json.readStrings(rs.getString(1)) : List.of();
            }
            connection.commit();
            return columns;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read a run from", e);
        }
    }

    /** One customer's saved profile in a run: column → value as text, in column order. */
    public synchronized Optional<Map<String, String>> profile(long runId, String customerId) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT profile FROM run_profiles WHERE run_id = ? AND customer_id = ?")) {
            ps.setLong(1, runId);
            ps.setString(2, customerId);
            Optional<Map<String, String>> profile;
            try (ResultSet rs = ps.executeQuery()) {
                profile = rs.next() ? Optional.of(Json.readStringMap(rs.getString(1))) : Optional.empty();
            }
            connection.commit();
            return profile;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read a profile from", e);
        }
    }

    /**
     * Stores one layer's values in a run, replacing any saved before: a tier's value per customer,
     * or for a tag or segment the tag name. Customers mapped to null are left out.
     */
    public synchronized void saveMemberships(long runId, String layer, Map<String, String> customerToValue) {
        try {
            requireRun(runId);
            try (PreparedStatement ps = connection.prepareStatement(
                    "DELETE FROM run_memberships WHERE run_id = ? AND layer = ?")) {
                ps.setLong(1, runId);
                ps.setString(2, layer);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO run_memberships (run_id, layer, customer_id, value) VALUES (?, ?, ?, ?)")) {
                int pending = 0;
                for (Map.Entry<String, String> e : customerToValue.entrySet()) {
                    if (e.getValue() == null) {
                        continue;
                    }
                    ps.setLong(1, runId);
                    ps.setString(2, layer);
                    ps.setString(3, e.getKey());
                    ps.setString(4, e.getValue());
                    ps.addBatch();
                    if (++pending == BATCH) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("save memberships in", e);
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /** One layer's values in a run, customer id → value. */
    /** Sets some customers' values of one layer in a run (insert or overwrite), in one transaction. */
    public synchronized void updateMemberships(long runId, String layer, Map<String, String> customerToValue) {
        if (customerToValue.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO run_memberships (run_id, layer, customer_id, value) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (run_id, layer, customer_id) DO UPDATE SET value = excluded.value")) {
            for (Map.Entry<String, String> e : customerToValue.entrySet()) {
                ps.setLong(1, runId);
                ps.setString(2, layer);
                ps.setString(3, e.getKey());
                ps.setString(4, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("update memberships in", e);
        }
    }

    public synchronized Map<String, String> memberships(long runId, String layer) {
        Map<String, String> values = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT customer_id, value FROM run_memberships WHERE run_id = ? AND layer = ? ORDER BY customer_id")) {
            ps.setFetchSize(FETCH);
            ps.setLong(1, runId);
            ps.setString(2, layer);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), rs.getString(2));
                }
            }
            connection.commit();
            return values;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read memberships from", e);
        }
    }

    // ---------------------------------------------------------------- staff

    /** Every staff member, in the order they were first stored. */
    public synchronized List<Facts.Staff> staff() {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT staff_id, name, role, store_id, active FROM staff ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            List<Facts.Staff> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Facts.Staff(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5) == 1));
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read staff from", e);
        }
    }

    /** Adds a staff member or updates one (name, role, store, active — a leaver is kept, inactive). */
    public synchronized void saveStaff(Facts.Staff s) {
        update("INSERT INTO staff (seq, staff_id, name, role, store_id, active) VALUES "
                + "((SELECT COALESCE(MAX(seq), 0) + 1 FROM staff), ?, ?, ?, ?, ?) ON CONFLICT (staff_id) DO UPDATE SET "
                + "name = excluded.name, role = excluded.role, store_id = excluded.store_id, active = excluded.active",
                java.util.Arrays.asList(s.staffId(), s.name(), s.role(), s.storeId(), s.active() ? 1 : 0), "store a staff member in");
    }

    /**
     * Moves customers from one staff member to another (C4: a salesperson leaves), keeping the
     * history, and hands over their open tasks. Returns how many customers moved.
     */
    public synchronized int transferCustomers(String fromStaff, String toStaff, List<String> customerIds, long at) {
        java.util.Set<Long> movedTasks = new java.util.HashSet<>();
        try (PreparedStatement ins = connection.prepareStatement("INSERT INTO ownership_changes (seq, customer_id, from_staff, "
                + "to_staff, changed_at) VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM ownership_changes), ?, ?, ?, ?)");
             PreparedStatement tasks = connection.prepareStatement(
                     "UPDATE outcomes SET staff_id = ? WHERE kind = 'task' AND state = 'open' AND staff_id = ? AND "
                             // SQLite: by the customer's chain of outcomes (it has no index by customer, and the staff index
                             // of someone with 200,000 open tasks made a 2,000-customer transfer take over a minute)
                             + (dialect == Dialect.SQLITE ? "seq = ?" : "customer_id = ?"))) {
            for (String c : customerIds) {
                ins.setString(1, c);
                ins.setString(2, fromStaff);
                ins.setString(3, toStaff);
                ins.setLong(4, at);
                ins.executeUpdate();
                tasks.setString(1, toStaff);
                tasks.setString(2, fromStaff);
                if (dialect == Dialect.SQLITE) {
                    staffTasks(); // read before the update: it then moves what the update moved
                    List<Long> seqs = customerOutcomeSeqs(c);
                    for (long seq : seqs) {
                        tasks.setLong(3, seq);
                        tasks.addBatch();
                    }
                    int[] counts = tasks.executeBatch();
                    for (int i = 0; i < counts.length; i++) {
                        if (counts[i] > 0) {
                            movedTasks.add(seqs.get(i));
                        }
                    }
                } else {
                    tasks.setString(3, c);
                    tasks.executeUpdate();
                }
            }
            connection.commit();
            if (staffTasks != null) {
                staffTasks.move(fromStaff, toStaff, movedTasks);
            }
            return customerIds.size();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("transfer customers in", e);
        }
    }

    /** The current owner of every customer whose ownership was ever transferred. */
    public synchronized Map<String, String> transferredOwners() {
        return latestByCustomer("SELECT customer_id, to_staff FROM ownership_changes ORDER BY seq");
    }

    /** Records a customer's follow-up status (to_follow, following, won, lost) by a staff member. */
    public synchronized void setFollowUp(String customerId, String status, String staffId, long at) {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO follow_ups (seq, customer_id, status, staff_id, "
                + "changed_at) VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM follow_ups), ?, ?, ?, ?)")) {
            ps.setString(1, customerId);
            ps.setString(2, status);
            ps.setString(3, staffId);
            ps.setLong(4, at);
            ps.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("record a follow-up in", e);
        }
    }

    /** Each customer's latest follow-up status. */
    public synchronized Map<String, String> followUps() {
        return latestByCustomer("SELECT customer_id, status FROM follow_ups ORDER BY seq");
    }

    private Map<String, String> latestByCustomer(String sql) {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read from", e);
        }
    }

    // ---------------------------------------------------------------- outbox

    /** Stores an outcome once; false when its key was already stored (a redelivered fact). */
    public synchronized boolean saveOutcome(OutcomeRow o) {
        return saveOutcomes(List.of(o))[0];
    }

    /**
     * The last outcome sequence number handed out. Kept in memory (read once) so a batch of outcomes
     * is one statement batch; one server writes a database's outbox, so numbers stay in order.
     */
    private long outcomeSeq = -1;

    /**
     * SQLite: each customer's latest outcome (V14) and each staff member's tasks (V15); read from
     * the table together when first needed, dropped with a rolled-back transaction.
     */
    private OutcomeChains chains;
    private StaffTasks staffTasks;

    private OutcomeChains chains() throws SQLException {
        loadOutcomeIndexes();
        return chains;
    }

    private StaffTasks staffTasks() throws SQLException {
        loadOutcomeIndexes();
        return staffTasks;
    }

    private void loadOutcomeIndexes() throws SQLException {
        if (chains != null && staffTasks != null) {
            return;
        }
        OutcomeChains loadedChains = new OutcomeChains();
        StaffTasks loadedTasks = new StaffTasks();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT customer_id, seq, staff_id FROM outcomes")) {
            while (rs.next()) {
                String customer = rs.getString(1);
                long seq = rs.getLong(2);
                if (seq > loadedChains.latest(customer)) {
                    loadedChains.extend(customer, seq);
                }
                String staff = rs.getString(3);
                if (staff != null) {
                    loadedTasks.add(staff, seq);
                }
            }
        }
        chains = loadedChains;
        staffTasks = loadedTasks;
    }

    private void dropOutcomeIndexes() {
        chains = null;
        staffTasks = null;
    }

    /**
     * Reads what storing outcomes needs before the first is stored — on SQLite each customer's
     * latest outcome and each staff member's tasks, a scan of the table (seconds with millions
     * stored) that would otherwise fall in the first commit of outcomes. A server calls it while starting.
     */
    public synchronized void prepareOutcomeWrites() {
        if (dialect != Dialect.SQLITE) {
            return;
        }
        try {
            chains();
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read each customer's latest outcome from", e);
        }
    }

    /** The sequence numbers of a customer's outcomes on SQLite, newest first, along its chain. */
    private List<Long> customerOutcomeSeqs(String customerId) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        long seq = chains().latest(customerId);
        try (PreparedStatement before = connection.prepareStatement("SELECT customer_prev FROM outcomes WHERE seq = ?")) {
            while (seq != OutcomeChains.NONE) {
                seqs.add(seq);
                before.setLong(1, seq);
                try (ResultSet rs = before.executeQuery()) {
                    seq = rs.next() ? rs.getLong(1) : OutcomeChains.NONE; // NULL reads as 0: the first
                }
            }
        }
        return seqs;
    }

    /** Stores outcomes in one transaction; for each, whether it was new (false: its key was already stored). */
    public synchronized boolean[] saveOutcomes(List<OutcomeRow> outcomes) {
        return saveOutcomes(outcomes, Map.of());
    }

    /**
     * Stores a request's outcomes and the layer moves behind them ({@link #appendLayerMoves}, by
     * model) in one transaction — one commit where a request moving customers in nine models took
     * ten. For each outcome, whether it was new (false: its key was already stored).
     */
    public synchronized boolean[] saveOutcomes(List<OutcomeRow> outcomes, Map<String, List<String[]>> layerMoves) {
        return saveOutcomes(outcomes, layerMoves, Map.of());
    }

    /**
     * Like {@link #saveOutcomes(List, Map)}, and moves the applied marks ({@link #appliedMarks()})
     * to {@code marks} in the same transaction: the outcomes of facts and the record that those
     * facts were applied are stored together or not at all.
     */
    public synchronized boolean[] saveOutcomes(List<OutcomeRow> outcomes, Map<String, List<String[]>> layerMoves, Map<String, Long> marks) {
        return saveOutcomes(outcomes, layerMoves, marks, Map.of());
    }

    /**
     * Like {@link #saveOutcomes(List, Map, Map)}, and replaces the stored attributes of the
     * customers in {@code attributes} (by customer id) in the same transaction: the attribute
     * updates these outcomes followed from are applied with them or not at all.
     */
    public synchronized boolean[] saveOutcomes(List<OutcomeRow> outcomes, Map<String, List<String[]>> layerMoves, Map<String, Long> marks,
                                               Map<String, Map<String, String>> attributes) {
        if (nothingToWrite(outcomes, layerMoves, marks, attributes)) {
            return new boolean[0];
        }
        boolean[] fresh = writeOutcomes(outcomes, layerMoves, marks, attributes);
        try {
            connection.commit();
            return fresh;
        } catch (SQLException e) {
            discardUncommitted();
            throw failure("store an outcome in", e);
        }
    }

    /**
     * Writes what {@link #saveOutcomes(List, Map, Map, Map)} stores into the store's open
     * transaction without committing it: the commit of {@link #sharedImporter()}'s next flush
     * stores them with its facts (one commit where ingest took two), and
     * {@link #discardUncommitted()} drops them. Call both while holding this store's monitor.
     */
    public synchronized boolean[] writeOutcomes(List<OutcomeRow> outcomes, Map<String, List<String[]>> layerMoves, Map<String, Long> marks,
                                                Map<String, Map<String, String>> attributes) {
        if (nothingToWrite(outcomes, layerMoves, marks, attributes)) {
            return new boolean[0];
        }
        try {
            return writeOutcomesInTransaction(outcomes, layerMoves, marks, attributes);
        } catch (SQLException e) {
            discardUncommitted();
            throw failure("store an outcome in", e);
        }
    }

    private static boolean nothingToWrite(List<OutcomeRow> outcomes, Map<String, List<String[]>> layerMoves, Map<String, Long> marks,
                                          Map<String, Map<String, String>> attributes) {
        return outcomes.isEmpty() && layerMoves.values().stream().allMatch(List::isEmpty) && marks.isEmpty() && attributes.isEmpty();
    }

    /**
     * Rolls back whatever the store's connection has written and not committed (outcomes from
     * {@link #writeOutcomes}, facts from a {@link #sharedImporter()}); the sequence numbers handed
     * out meanwhile are read again from the database.
     */
    public synchronized void discardUncommitted() {
        rollbackQuietly();
        outcomeSeq = -1;
        dropOutcomeIndexes();
        moveSeq = -1;
    }

    private boolean[] writeOutcomesInTransaction(List<OutcomeRow> outcomes, Map<String, List<String[]>> layerMoves, Map<String, Long> marks,
                                                 Map<String, Map<String, String>> attributes) throws SQLException {
        boolean[] fresh = new boolean[outcomes.size()];
        boolean chained = dialect == Dialect.SQLITE;
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO outcomes (outcome_key, seq, kind, playbook, rule_name, customer_id, staff_id, channel, body, "
                        + "reason, state, created_at, due_at, detail, next_attempt_at, customer_prev) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (outcome_key) DO NOTHING")) {
            if (outcomeSeq < 0) {
                outcomeSeq = maxSeq("outcomes");
            }
            long seq = outcomeSeq;
            OutcomeChains chains = chained ? chains() : null;
            long[] previous = new long[outcomes.size()];
            for (int i = 0; i < outcomes.size(); i++) {
                OutcomeRow o = outcomes.get(i);
                if (chained) {
                    previous[i] = chains.link(o.customerId(), seq + 1);
                }
                if (previous[i] == OutcomeChains.NONE) {
                    ps.setNull(16, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(16, previous[i]);
                }
                ps.setLong(15, o.createdAt());
                ps.setLong(2, ++seq);
                ps.setString(1, o.key());
                ps.setString(3, o.kind());
                ps.setString(4, o.playbook());
                ps.setString(5, o.rule());
                ps.setString(6, o.customerId());
                ps.setString(7, o.staffId());
                ps.setString(8, o.channel());
                ps.setString(9, o.body());
                ps.setString(10, o.reason());
                ps.setString(11, o.state());
                ps.setLong(12, o.createdAt());
                if (o.dueAt() == null) {
                    ps.setNull(13, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(13, o.dueAt());
                }
                ps.setString(14, o.detail());
                ps.addBatch();
            }
            int[] counts = outcomes.isEmpty() ? new int[0] : ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                // a driver that rewrites batches (reWriteBatchedInserts) cannot tell: then every row counts as new
                fresh[i] = counts[i] == 1 || counts[i] == Statement.SUCCESS_NO_INFO;
            }
            if (chained) {
                relinkAroundRepeats(outcomes, fresh, previous, outcomeSeq);
                StaffTasks tasks = staffTasks(); // loaded with the chains above, before these rows
                for (int i = 0; i < fresh.length; i++) {
                    if (fresh[i] && outcomes.get(i).staffId() != null) {
                        tasks.add(outcomes.get(i).staffId(), outcomeSeq + 1 + i);
                    }
                }
            }
            for (Map.Entry<String, List<String[]>> m : layerMoves.entrySet()) {
                insertLayerMoves(m.getKey(), m.getValue());
            }
            if (!attributes.isEmpty()) {
                try (PreparedStatement write = connection.prepareStatement("UPDATE customers SET attributes = ? WHERE customer_id = ?")) {
                    for (Map.Entry<String, Map<String, String>> a : attributes.entrySet()) {
                        write.setString(1, Json.write(a.getValue()));
                        write.setString(2, a.getKey());
                        write.addBatch();
                    }
                    write.executeBatch();
                }
            }
            advanceMarks(connection, marks);
            Long updatesApplied = marks.get("customer_updates");
            if (updatesApplied != null) {
                // folded into customers.attributes above: never read again. The last stays, so the next
                // update is numbered past the mark even by an importer that starts from MAX(seq).
                try (PreparedStatement prune = connection.prepareStatement("DELETE FROM customer_updates WHERE seq < ?")) {
                    prune.setLong(1, updatesApplied);
                    prune.executeUpdate();
                }
            }
            outcomeSeq = seq; // taken back by the caller if the transaction does not commit
            return fresh;
        }
    }

    /**
     * A repeated key is not stored, but the rows after it were written naming it as their
     * customer's previous outcome: point them past it, and the chains at what was stored.
     */
    private void relinkAroundRepeats(List<OutcomeRow> outcomes, boolean[] fresh, long[] previous, long firstSeqBefore) throws SQLException {
        boolean allFresh = true;
        for (boolean f : fresh) {
            allFresh &= f;
        }
        if (allFresh) {
            return;
        }
        Map<String, Long> latest = new java.util.HashMap<>();
        try (PreparedStatement relink = connection.prepareStatement("UPDATE outcomes SET customer_prev = ? WHERE seq = ?")) {
            for (int i = 0; i < outcomes.size(); i++) {
                String customer = outcomes.get(i).customerId();
                long before = latest.containsKey(customer) ? latest.get(customer) : previous[i];
                if (!fresh[i]) {
                    latest.put(customer, before);
                    continue;
                }
                long seq = firstSeqBefore + 1 + i;
                if (before != previous[i]) {
                    if (before == OutcomeChains.NONE) {
                        relink.setNull(1, java.sql.Types.BIGINT);
                    } else {
                        relink.setLong(1, before);
                    }
                    relink.setLong(2, seq);
                    relink.executeUpdate();
                }
                latest.put(customer, seq);
            }
        }
        latest.forEach(chains::extend);
    }

    /** The columns of an outcome row in the order {@link #readOutcomeRows} reads them. */
    private static final String SELECT_OUTCOMES = "SELECT outcome_key, kind, playbook, rule_name, customer_id, staff_id, channel, "
            + "body, reason, state, created_at, due_at, detail, attempts, last_error, delivered_at FROM outcomes";

    /**
     * Stored outcomes, oldest first, filtered by any of kind, staff, customer and state (null: any).
     */
    public synchronized List<OutcomeRow> outcomes(String kind, String staffId, String customerId, String state) {
        StringBuilder sql = new StringBuilder(SELECT_OUTCOMES + " WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        for (String[] f : new String[][] {{"kind", kind}, {"staff_id", staffId}, {"customer_id", customerId}, {"state", state}}) {
            if (f[1] != null) {
                sql.append(" AND ").append(f[0]).append(" = ?");
                args.add(f[1]);
            }
        }
        if (customerId != null && dialect == Dialect.SQLITE) {
            // SQLite keeps no index by customer (V12.1): the customer's chain (V14) names their rows
            return customerOutcomes(sql.toString(), args, customerId, Page.ALL);
        }
        if (staffId != null && dialect == Dialect.SQLITE) {
            return staffOutcomes(sql.toString(), args, staffId, Page.ALL); // nor by staff member (V15)
        }
        sql.append(" ORDER BY seq");
        return readOutcomes(sql.toString(), args, "read outcomes from");
    }

    /**
     * A page of what is not a task — messages, invitations, offers, tag changes, webhook calls and
     * blocked actions — oldest first, of one customer (null: everyone's).
     */
    public synchronized List<OutcomeRow> messages(String customerId, Page page) {
        String sql = SELECT_OUTCOMES + " WHERE kind <> 'task'";
        List<Object> args = new ArrayList<>();
        if (customerId != null) {
            sql += " AND customer_id = ?";
            args.add(customerId);
            if (dialect == Dialect.SQLITE) {
                return customerOutcomes(sql, args, customerId, page); // by the customer's chain: no index by customer
            }
        }
        return readOutcomes(sql + " ORDER BY seq" + page.sql(), args, "read messages from");
    }

    /** The outcome stored under a key, found by the key's own index (empty when there is none). */
    public synchronized Optional<OutcomeRow> outcome(String key) {
        return readOutcomes(SELECT_OUTCOMES + " WHERE outcome_key = ?", List.of(key), "read an outcome from").stream().findFirst();
    }

    /**
     * Tasks, oldest first, of one staff member (null: everyone's) in one state (null: any), where an
     * open task due before {@code expiredBefore} (epoch seconds) is expired
     * ({@link OutcomeRow#expiredIfDueBefore}). A staff member's are found by the staff index on
     * PostgreSQL and by their sequence numbers held in memory on SQLite ({@link StaffTasks}).
     */
    public List<OutcomeRow> tasks(String staffId, String state, long expiredBefore) {
        return tasks(staffId, state, expiredBefore, Page.ALL);
    }

    /** A page of {@link #tasks(String, String, long)}. */
    public synchronized List<OutcomeRow> tasks(String staffId, String state, long expiredBefore, Page page) {
        StringBuilder sql = new StringBuilder(SELECT_OUTCOMES + " WHERE kind = 'task'");
        List<Object> args = new ArrayList<>();
        if (staffId != null) {
            sql.append(" AND staff_id = ?");
            args.add(staffId);
        }
        if ("open".equals(state)) {
            sql.append(" AND state = 'open' AND (due_at IS NULL OR due_at >= ?)");
            args.add(expiredBefore);
        } else if ("expired".equals(state)) {
            sql.append(" AND (state = 'expired' OR (state = 'open' AND due_at < ?))");
            args.add(expiredBefore);
        } else if (state != null) {
            sql.append(" AND state = ?");
            args.add(state);
        }
        List<OutcomeRow> found;
        if (staffId != null && dialect == Dialect.SQLITE) {
            found = staffOutcomes(sql.toString(), args, staffId, page); // SQLite keeps no index by staff member (V15)
        } else {
            sql.append(" ORDER BY seq").append(page.sql());
            found = readOutcomes(sql.toString(), args, "read tasks from");
        }
        return found.stream().map(t -> t.expiredIfDueBefore(expiredBefore)).toList();
    }

    /**
     * Tasks per staff member and state (open, done, expired — an open task due before
     * {@code expiredBefore} is expired), counted by the database. Only tasks carry a staff member.
     * On PostgreSQL the staff index holds state and due time, so the count reads that index alone
     * (about half a second per million tasks); SQLite, which keeps no index by staff, reads the
     * table (1.2 s over 2.1 million outcomes). Either way it runs on a second connection: ingest
     * keeps committing meanwhile, and the count is of the last commit before it began.
     */
    public Map<String, Map<String, Integer>> taskCountsByStaff(long expiredBefore) {
        return onScanConnection(c -> {
            Map<String, Map<String, Integer>> out = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT staff_id, CASE WHEN state = 'open' AND due_at < ? THEN 'expired' "
                    + "ELSE state END, COUNT(*) FROM outcomes WHERE staff_id IS NOT NULL GROUP BY 1, 2")) {
                ps.setLong(1, expiredBefore);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new java.util.TreeMap<>()).merge(rs.getString(2), rs.getInt(3), Integer::sum);
                    }
                }
            }
            return out;
        }, "count tasks in");
    }

    /** A read on {@link #scanConnection} (opened when first needed), or on the store's own where a second would see another database. */
    private <T> T onScanConnection(SqlRead<T> read, String action) {
        if (jdbcUrl.contains(":memory:") || jdbcUrl.contains("mode=memory")) {
            synchronized (this) {
                try {
                    T out = read.apply(connection);
                    connection.commit();
                    return out;
                } catch (SQLException e) {
                    rollbackQuietly();
                    throw failure(action, e);
                }
            }
        }
        synchronized (scanLock) {
            try {
                if (scanConnection == null || scanConnection.isClosed()) {
                    scanConnection = connect(jdbcUrl, dialect, false);
                    scanConnection.setAutoCommit(true); // each scan sees the last commit before it
                }
                return read.apply(scanConnection);
            } catch (SQLException e) {
                throw failure(action, e);
            }
        }
    }

    @FunctionalInterface
    private interface SqlRead<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** One stored outcome as a contact ledger sees it. */
    @FunctionalInterface
    public interface OutcomeContact {
        void accept(String key, String customerId, String channel, long createdAt, boolean blocked);
    }

    /**
     * The time of the latest stored outcome (epoch seconds; empty when none): the latest among the
     * last thousand stored, read through the sequence index — outcomes are stored about in time
     * order, and a full scan for the true maximum took seconds with millions stored.
     */
    public synchronized java.util.OptionalLong latestOutcomeTime() {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(created_at) FROM (SELECT created_at FROM outcomes ORDER BY seq DESC LIMIT 1000) AS recent")) {
            long latest = rs.next() ? rs.getLong(1) : 0;
            boolean none = rs.wasNull();
            connection.commit();
            return none ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(latest);
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read the latest outcome time from", e);
        }
    }

    /**
     * The key, customer, channel, time and whether it was blocked of every outcome stored at or
     * after {@code since} (epoch seconds), in no particular order, one at a time: a list of every
     * outcome with its text held gigabytes at start-up with millions stored.
     */
    public synchronized void forEachOutcomeContact(long since, OutcomeContact sink) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT outcome_key, customer_id, channel, created_at, kind FROM outcomes WHERE created_at >= ?")) {
            ps.setLong(1, since);
            ps.setFetchSize(10_000); // PostgreSQL otherwise reads the whole result before the first row
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), "blocked".equals(rs.getString(5)));
                }
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read the stored outcomes from", e);
        }
    }

    /** One customer's outcomes on SQLite, oldest first: {@code sql} (its filters) over the rows of the chain, a few hundred at a time. */
    private List<OutcomeRow> customerOutcomes(String sql, List<?> args, String customerId, Page page) {
        try {
            List<Long> seqs = customerOutcomeSeqs(customerId);
            java.util.Collections.reverse(seqs);
            return outcomesBySeq(sql, args, seqs, page);
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read a customer's outcomes from", e);
        }
    }

    private List<OutcomeRow> staffOutcomes(String sql, List<?> args, String staffId, Page page) {
        try {
            return outcomesBySeq(sql, args, java.util.Arrays.stream(staffTasks().of(staffId)).boxed().toList(), page);
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read a staff member's tasks from", e);
        }
    }

    /**
     * The page of rows among {@code seqs} (ascending) that {@code sql}'s conditions select, oldest
     * first, read a few hundred sequence numbers at a time until the page is full; commits the read.
     */
    private List<OutcomeRow> outcomesBySeq(String sql, List<?> args, List<Long> seqs, Page page) throws SQLException {
        List<OutcomeRow> out = new ArrayList<>();
        int skip = page.offset();
        for (int from = 0; from < seqs.size() && out.size() < page.limit(); from += 500) {
            List<Long> some = seqs.subList(from, Math.min(seqs.size(), from + 500));
            List<Object> withSeqs = new ArrayList<>(args);
            withSeqs.addAll(some);
            for (OutcomeRow row : readOutcomeRows(connection, sql + " AND seq IN (" + "?, ".repeat(some.size() - 1) + "?) ORDER BY seq", withSeqs)) {
                if (skip > 0) {
                    skip--;
                } else if (out.size() < page.limit()) {
                    out.add(row);
                }
            }
        }
        connection.commit();
        return out;
    }

    private List<OutcomeRow> readOutcomes(String sql, List<?> args, String doing) {
        try {
            List<OutcomeRow> out = readOutcomeRows(connection, sql, args);
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure(doing, e);
        }
    }

    private static List<OutcomeRow> readOutcomeRows(Connection on, String sql, List<?> args) throws SQLException {
        try (PreparedStatement ps = on.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<OutcomeRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long due = rs.getLong(12);
                    Long dueAt = rs.wasNull() ? null : due;
                    long delivered = rs.getLong(16);
                    Long deliveredAt = rs.wasNull() ? null : delivered;
                    out.add(new OutcomeRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                            rs.getLong(11), dueAt, rs.getString(13), rs.getInt(14), rs.getString(15), deliveredAt));
                }
            }
            return out;
        }
    }

    /**
     * Outcomes waiting for a channel (state queued) whose next attempt is due by {@code now}, oldest
     * first. Read on the second connection: ingest commits meanwhile (the JFR recording of the 1M
     * ingest benchmark had the store stage waiting up to 97 ms for a delivery pass holding the store).
     */
    public List<OutcomeRow> queuedDeliveries(long now, int limit) {
        return onScanConnection(c -> readOutcomeRows(c, QUEUED_DELIVERIES + Math.max(1, limit), List.of(now)),
                "read the delivery queue from");
    }

    /**
     * Read every half second, so it must stay cheap however long the queue:
     * index {@code outcomes_queue} (V11) holds queued outcomes alone, in this order.
     */
    static final String QUEUED_DELIVERIES = SELECT_OUTCOMES + " WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY seq LIMIT ";

    /** A channel delivered the outcome. */
    public synchronized void markDelivered(String key, long at) {
        markDelivered(List.of(key), at);
    }

    /** Outcomes marked delivered per transaction: the store is held for one such batch at a time, not for a whole pass. */
    static final int DELIVERED_PER_COMMIT = 100;

    /**
     * Channels delivered these outcomes: in transactions of up to {@link #DELIVERED_PER_COMMIT},
     * so ingest commits between them. Marking is idempotent, and what a crash leaves unmarked is
     * delivered again with the same idempotency key, as after any interrupted pass.
     */
    public void markDelivered(java.util.Collection<String> keys, long at) {
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += DELIVERED_PER_COMMIT) {
            markDeliveredInOneCommit(all.subList(from, Math.min(all.size(), from + DELIVERED_PER_COMMIT)), at);
        }
    }

    private synchronized void markDeliveredInOneCommit(List<String> keys, long at) {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE outcomes SET state = 'sent', delivered_at = ?, "
                + "attempts = attempts + 1, last_error = NULL WHERE outcome_key = ?")) {
            for (String key : keys) {
                ps.setLong(1, at);
                ps.setString(2, key);
                ps.addBatch();
            }
            ps.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("record deliveries in", e);
        }
    }

    /**
     * A delivery attempt failed: try again at {@code retryAt}, or give up ({@code retryAt} null:
     * state failed, the error kept for the operator).
     */
    public synchronized void markAttemptFailed(String key, String error, Long retryAt) {
        if (retryAt == null) {
            update("UPDATE outcomes SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE outcome_key = ?",
                    List.of(error, key), "record a failed delivery in");
        } else {
            update("UPDATE outcomes SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE outcome_key = ?",
                    List.of(error, retryAt, key), "record a failed delivery in");
        }
    }

    // ---------------------------------------------------------------- live layer snapshots

    /** Stores a model's layer snapshot (replacing the last) and forgets the moves recorded before it. */
    public synchronized void saveLayerSnapshot(String model, long asOf, long takenAt, byte[] snapshot) {
        try (PreparedStatement up = connection.prepareStatement("INSERT INTO layer_snapshots (model, as_of, taken_at, snapshot) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (model) DO UPDATE SET as_of = excluded.as_of, taken_at = excluded.taken_at, "
                + "snapshot = excluded.snapshot");
             PreparedStatement clear = connection.prepareStatement("DELETE FROM layer_move_batches WHERE model = ?");
             PreparedStatement clearBefore = connection.prepareStatement("DELETE FROM layer_moves WHERE model = ?")) {
            up.setString(1, model);
            up.setLong(2, asOf);
            up.setLong(3, takenAt);
            up.setBytes(4, snapshot);
            up.executeUpdate();
            clear.setString(1, model);
            clear.executeUpdate();
            clearBefore.setString(1, model); // rows from before V13
            clearBefore.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("store a layer snapshot in", e);
        }
    }

    /** The last stored layer snapshot of a model, if any. */
    public synchronized Optional<byte[]> layerSnapshot(String model) {
        return single("SELECT snapshot FROM layer_snapshots WHERE model = ?", model, rs -> rs.getBytes(1),
                "read a layer snapshot from");
    }

    private long moveSeq = -1;

    /** Records layer moves facts caused since the snapshot: each {customer_id, layer, value}. */
    public synchronized void appendLayerMoves(String model, List<String[]> moves) {
        if (moves.isEmpty()) {
            return;
        }
        try {
            insertLayerMoves(model, moves);
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("record layer moves in", e);
        }
    }

    /** Inserts moves in the open transaction (the caller commits): one row for all of them (V13). */
    private void insertLayerMoves(String model, List<String[]> moves) throws SQLException {
        if (moves.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO layer_move_batches (seq, model, moves) VALUES (?, ?, ?)")) {
            if (moveSeq < 0) {
                moveSeq = maxSeq("layer_move_batches");
            }
            ps.setLong(1, moveSeq + 1);
            ps.setString(2, model);
            ps.setString(3, Json.write(moves));
            ps.executeUpdate();
            moveSeq++; // a failed commit rolls back and leaves a gap: sequence numbers only order moves
        }
    }

    /** The moves recorded since the model's snapshot, oldest first: each {customer_id, layer, value}. */
    public synchronized List<String[]> layerMoves(String model) {
        try (PreparedStatement before = connection.prepareStatement(
                "SELECT customer_id, layer, value FROM layer_moves WHERE model = ? ORDER BY seq");
             PreparedStatement batches = connection.prepareStatement("SELECT seq, moves FROM layer_move_batches WHERE model = ? ORDER BY seq")) {
            List<String[]> out = new ArrayList<>();
            before.setString(1, model); // moves recorded one per row before V13: older than any batch
            try (ResultSet rs = before.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            batches.setString(1, model);
            try (ResultSet rs = batches.executeQuery()) {
                while (rs.next()) {
                    try {
                        out.addAll(Json.readTriples(rs.getString(2)));
                    } catch (StoreException e) {
                        throw new StoreException("layer_move_batches row seq " + rs.getLong(1) + " (model '" + model + "') in " + shownUrl
                                + " is not the list of [customer_id, layer, value] Siyu writes: " + e.getMessage()
                                + ". Restore the database from a backup, or delete that row (the moves it held may then be found again "
                                + "at start-up and their playbooks run again)", e);
                    }
                }
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read layer moves from", e);
        }
    }

    /** When a scheduled rule last ran (epoch seconds of the occurrence), if ever. */
    public synchronized Optional<Long> scheduleMark(String scheduleId) {
        return single("SELECT last_at FROM schedule_marks WHERE schedule_id = ?", scheduleId, rs -> rs.getLong(1),
                "read a schedule mark from");
    }

    /** Records that a scheduled rule ran for the occurrence at {@code at}. */
    public synchronized void saveScheduleMark(String scheduleId, long at) {
        update("INSERT INTO schedule_marks (schedule_id, last_at) VALUES (?, ?) "
                + "ON CONFLICT (schedule_id) DO UPDATE SET last_at = excluded.last_at", List.of(scheduleId, at),
                "record a schedule run in");
    }

    /** The highest sequence number a table holds (0 when empty): where in-memory numbering starts. */
    private long maxSeq(String table) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column of the row a one-key query finds, if any. */
    private <T> Optional<T> single(String sql, String key, SqlReader<T> read, String doing) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                Optional<T> out = rs.next() ? Optional.of(read.read(rs)) : Optional.empty();
                connection.commit();
                return out;
            }
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure(doing, e);
        }
    }

    private interface SqlReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private void update(String sql, List<?> args, String doing) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) == null) {
                    ps.setNull(i + 1, java.sql.Types.VARCHAR); // PostgreSQL needs the type of a null
                } else {
                    ps.setObject(i + 1, args.get(i));
                }
            }
            ps.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure(doing, e);
        }
    }

    /** Sets a task's state (open, done, expired); false when there is no such task. */
    public synchronized boolean updateTaskState(String key, String state) {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE outcomes SET state = ? WHERE outcome_key = ? AND kind = 'task'")) {
            ps.setString(1, state);
            ps.setString(2, key);
            int n = ps.executeUpdate();
            connection.commit();
            return n == 1;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("update a task in", e);
        }
    }

    /** Every run, oldest first. */
    public synchronized List<RunInfo> runs() {
        return listRuns("", null);
    }

    /** The most recently begun run of a model, of any of its versions. */
    public synchronized Optional<RunInfo> latestRun(String modelName) {
        List<RunInfo> runs = listRuns("WHERE m.model_name = ? ", modelName);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
    }

    /**
     * How customers moved between two runs in one layer: count of customers by (value in run
     * {@code fromRun}, value in run {@code toRun}), computed in SQL. The customers counted are those
     * with a profile or a membership in this layer in either run; one without a value in a run
     * counts under {@link #NONE}. Both maps are sorted by value.
     */
    public synchronized Map<String, Map<String, Long>> migration(long fromRun, long toRun, String layer) {
        String sql = "SELECT from_value, to_value, COUNT(*) FROM ("
                + " SELECT COALESCE(a.value, '" + NONE + "') AS from_value, COALESCE(b.value, '" + NONE + "') AS to_value"
                + " FROM ("
                + "  SELECT customer_id FROM run_profiles WHERE run_id IN (?, ?)"
                + "  UNION"
                + "  SELECT customer_id FROM run_memberships WHERE run_id IN (?, ?) AND layer = ?"
                + " ) u"
                + " LEFT JOIN run_memberships a ON a.run_id = ? AND a.layer = ? AND a.customer_id = u.customer_id"
                + " LEFT JOIN run_memberships b ON b.run_id = ? AND b.layer = ? AND b.customer_id = u.customer_id"
                + ") moves GROUP BY from_value, to_value";
        try {
            requireRun(fromRun);
            requireRun(toRun);
            Map<String, Map<String, Long>> matrix = new TreeMap<>();
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setLong(1, fromRun);
                ps.setLong(2, toRun);
                ps.setLong(3, fromRun);
                ps.setLong(4, toRun);
                ps.setString(5, layer);
                ps.setLong(6, fromRun);
                ps.setString(7, layer);
                ps.setLong(8, toRun);
                ps.setString(9, layer);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        matrix.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
                    }
                }
            }
            connection.commit();
            return matrix;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("compute migration in", e);
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /**
     * One checkpoint ({@code PASSIVE} or {@code RESTART}) on the store's connection, between its
     * transactions (every method commits or rolls back before it returns); the log's size in pages.
     */
    private synchronized int checkpointNow(String mode) throws SQLException {
        if (connection.isClosed()) {
            return 0;
        }
        connection.commit(); // a checkpoint cannot run inside a transaction
        connection.setAutoCommit(true);
        long t0 = System.nanoTime();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            int pages = rs.next() ? rs.getInt(2) : 0;
            if (TRACE_CHECKPOINTS) {
                java.util.logging.Logger.getLogger(Store.class.getName()).info(String.format(java.util.Locale.ROOT,
                        "checkpoint on the store's connection: %s, log %d pages, %.1f ms", mode, pages, (System.nanoTime() - t0) / 1e6));
            }
            return pages;
        } finally {
            connection.setAutoCommit(false);
        }
    }

    @Override
    public void close() {
        BackgroundCheckpoints stopping;
        synchronized (this) {
            stopping = checkpointer;
            checkpointer = null;
        }
        if (stopping != null) {
            stopping.close(); // outside the monitor: its thread may be waiting for it
        }
        synchronized (scanLock) {
            try {
                if (scanConnection != null) {
                    scanConnection.close();
                }
            } catch (SQLException e) {
                java.util.logging.Logger.getLogger(Store.class.getName()).log(java.util.logging.Level.FINE, "closing the scan connection", e);
            }
        }
        closeConnection();
    }

    private synchronized void closeConnection() {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
                connection.close();
            }
        } catch (SQLException e) {
            throw failure("close", e);
        } finally {
            if (databaseFile != null) {
                try {
                    databaseFile.close();
                } catch (IOException e) {
                    java.util.logging.Logger.getLogger(Store.class.getName()).log(java.util.logging.Level.FINE, "closing the database file", e);
                }
                databaseFile = null;
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private List<RunInfo> listRuns(String where, String modelName) {
        String sql = "SELECT r.id, r.model_version_id, m.model_name, r.as_of, r.started_at, r.customer_count "
                + "FROM runs r JOIN model_versions m ON m.id = r.model_version_id " + where + "ORDER BY r.id";
        List<RunInfo> runs = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (modelName != null) {
                ps.setString(1, modelName);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(new RunInfo(rs.getLong(1), rs.getLong(2), rs.getString(3),
                            Instant.ofEpochSecond(rs.getLong(4)), Instant.ofEpochSecond(rs.getLong(5)), rs.getLong(6)));
                }
            }
            connection.commit();
            return runs;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("list runs in", e);
        }
    }

    private void requireRun(long runId) throws SQLException {
        if (queryLong("SELECT id FROM runs WHERE id = ?", runId).isEmpty()) {
            throw new IllegalArgumentException("no run " + runId + " in " + shownUrl);
        }
    }

    private Optional<Long> queryLong(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private void delete(String sql, long id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /** Ids are allocated as max + 1 in the writing transaction (no SERIAL, so the SQL stays portable). */
    private long nextId(String table) throws SQLException {
        return queryLong("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table).orElse(1L);
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void scan(String sql, RowReader reader) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setFetchSize(FETCH); // PostgreSQL streams with a cursor (autocommit is off)
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }

    private static double number(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static PersonRef ref(ResultSet rs, int column) throws SQLException {
        return new PersonRef(Json.kind(rs.getString(column)), rs.getString(column + 1));
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException("cannot " + what + " database '" + shownUrl + "': " + e.getMessage(), e);
    }

    private void rollbackQuietly() {
        dropOutcomeIndexes(); // they may hold outcomes of the transaction rolled back
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is the one to report
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    // ---------------------------------------------------------------- opening

    private static final String URL_FORMS = "jdbc:postgresql://HOST[:PORT]/DB?user=..&password=.., "
            + "jdbc:sqlite:FILE, or a directory path (embedded SQLite at DIR/siyu.db)";

    static String toJdbcUrl(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:")) {
            return location;
        }
        if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) {
            throw new StoreException("cannot open database '" + mask(location) + "': Siyu takes JDBC URLs. "
                    + "Write it as jdbc:postgresql://HOST[:PORT]/DB?user=..&password=..");
        }
        if (lower.matches("^[a-z][a-z0-9+.-]+://.*")) {
            throw new StoreException("cannot open database '" + mask(location) + "': unsupported location. Use " + URL_FORMS);
        }
        Path dir = Path.of(location);
        if (Files.isRegularFile(dir)) {
            throw new StoreException("cannot open database '" + location + "': it is a file, not a directory. "
                    + "Pass the directory to keep siyu.db in, or jdbc:sqlite:" + location + " to use this file");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create database directory '" + location + "': " + e
                    + ". Check the path and its permissions", e);
        }
        return "jdbc:sqlite:" + dir.resolve("siyu.db");
    }

    static Dialect dialectOf(String jdbcUrl) {
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            return Dialect.SQLITE;
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return Dialect.POSTGRESQL;
        }
        throw new StoreException("cannot open database '" + mask(jdbcUrl) + "': unsupported database. Use " + URL_FORMS);
    }

    /** Rejects in-memory SQLite (migrations run on their own connection) and creates the file's directory. */
    private static void prepareSqliteFile(String jdbcUrl) {
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.isEmpty() || file.contains(":memory:") || file.contains("mode=memory")) {
            throw new StoreException("cannot open database '" + jdbcUrl + "': in-memory SQLite is not supported. "
                    + "Pass a directory (for example a temporary one) instead");
        }
        if (file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new StoreException("cannot open database '" + jdbcUrl + "': cannot create directory '" + parent
                        + "': " + e + ". Check the path and its permissions", e);
            }
        }
    }

    /** SQLite's page cache per connection, in MB: the random pages of the outcome-key index are the ones it saves reads of. */
    static final long CACHE_MB = io.siyu.tuning.Tuning.longProperty("siyu.sqlite.cacheMb", 64, 1);

    /**
     * Reads the store's {@code -Dsiyu.sqlite.…} knobs now, so that a malformed one stops a server
     * before it starts: an {@link ExceptionInInitializerError} whose cause names the option.
     */
    public static void checkTuning() {
        long[] readNow = {CACHE_MB, BackgroundCheckpoints.PERIOD_MS, BackgroundCheckpoints.RESTART_PAGES}; // initialises both classes
    }

    static Connection connect(String jdbcUrl, Dialect dialect, boolean forImport) {
        Properties props = new Properties();
        if (dialect == Dialect.SQLITE) {
            props.setProperty("journal_mode", "WAL");
            props.setProperty("synchronous", "NORMAL");
            props.setProperty("busy_timeout", "30000");
            props.setProperty("foreign_keys", "true");
            // page cache per connection, taken as pages are read; -Dsiyu.sqlite.cacheMb to change (docs/operations.md)
            props.setProperty("cache_size", Long.toString(-1024L * CACHE_MB));
            if (forImport) {
                props.setProperty("temp_store", "MEMORY");
            }
        } else if (forImport && !jdbcUrl.contains("reWriteBatchedInserts")) {
            props.setProperty("reWriteBatchedInserts", "true"); // one multi-row INSERT per batch
        }
        try {
            Connection c = DriverManager.getConnection(jdbcUrl, props);
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            throw new StoreException(describeConnectFailure(jdbcUrl, dialect, e), e);
        }
    }

    static String describeConnectFailure(String jdbcUrl, Dialect dialect, SQLException e) {
        String head = "cannot open database '" + mask(jdbcUrl) + "': ";
        if (dialect == Dialect.SQLITE) {
            return head + e.getMessage() + ". Check that the directory exists and is writable, "
                    + "or pass a directory path and Siyu keeps DIR/siyu.db there";
        }
        String hint = ". Check that PostgreSQL is running and the URL, user and password are right "
                + "(pass them in the URL: ?user=..&password=..)";
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return head + "connection refused" + hint;
            }
            if (t instanceof UnknownHostException) {
                return head + "unknown host '" + t.getMessage() + "'" + hint;
            }
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return head + "authentication failed (" + e.getMessage() + ")" + hint;
        }
        if (state.equals("3D000")) {
            return head + e.getMessage() + ". Create it first (createdb DBNAME, or CREATE DATABASE) or fix the name in the URL";
        }
        if (e.getMessage() != null && e.getMessage().startsWith("No suitable driver")) {
            return head + "no driver for this URL. Use " + URL_FORMS;
        }
        return head + e.getMessage() + hint;
    }

    /** SQLite migrations that copy whole fact tables, leaving the old tables' pages free in the file. */
    private static final java.util.Set<String> REWRITES = java.util.Set.of("16.1");

    /**
     * Applies the migrations: {@code db/migration} on every database, then the few that suit one
     * database only from {@code db/sqlite} or {@code db/postgresql} (numbered between the shared ones).
     * True when one of them rewrote the fact tables of a SQLite store ({@link #REWRITES}).
     */
    private static boolean migrate(String jdbcUrl, Dialect dialect) {
        try {
            org.flywaydb.core.api.output.MigrateResult result = Flyway.configure(Store.class.getClassLoader())
                    .dataSource(jdbcUrl, null, null)
                    .locations("classpath:db/migration", dialect == Dialect.SQLITE ? "classpath:db/sqlite" : "classpath:db/postgresql")
                    .javaMigrations(new io.siyu.store.migration.V14__Outcome_keys_start_with_the_occasion_time())
                    .load()
                    .migrate();
            return dialect == Dialect.SQLITE && result.migrations.stream().anyMatch(m -> REWRITES.contains(m.version));
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate database '" + mask(jdbcUrl) + "': " + e.getMessage()
                    + ". If this database was written by a newer Siyu, upgrade Siyu", e);
        }
    }

    /**
     * After a migration copied the fact tables: when more than a quarter of the file (and over 10 MB)
     * is the old tables' free pages, rewrites the file (VACUUM). Left as they were, the free pages
     * scattered every later fact across the file — on the benchmark's million-customer store the
     * server wrote 3.7 – 4.4 KB per fact instead of 2.5 and started a minute slower. Then the log,
     * which the copy (and VACUUM) filled with every page, is cut back to nothing: checkpoints while
     * the server runs reuse it but never shrink it. A failure is only logged: the store works
     * without it.
     */
    private static void compactAfterRewrite(Connection connection, String shownUrl) {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(Store.class.getName());
        try (Statement st = connection.createStatement()) {
            long free = longOf(st, "PRAGMA freelist_count");
            long pages = longOf(st, "PRAGMA page_count");
            long pageSize = longOf(st, "PRAGMA page_size");
            connection.commit();
            connection.setAutoCommit(true); // VACUUM and a truncating checkpoint cannot run inside a transaction
            try {
                if (free * 4 >= pages && free * pageSize >= 10L << 20) {
                    log.info(String.format(java.util.Locale.ROOT,
                            "compacting %s after the upgrade: %d of its %d pages are free (VACUUM, once)", shownUrl, free, pages));
                    long t0 = System.nanoTime();
                    st.execute("VACUUM");
                    log.info(String.format(java.util.Locale.ROOT, "compacted %s in %.1f s", shownUrl, (System.nanoTime() - t0) / 1e9));
                }
                longOf(st, "PRAGMA wal_checkpoint(TRUNCATE)");
            } finally {
                connection.setAutoCommit(false);
            }
        } catch (SQLException e) {
            try {
                if (connection.getAutoCommit()) {
                    connection.setAutoCommit(false);
                } else {
                    connection.rollback(); // no snapshot kept from the failed step
                }
            } catch (SQLException again) {
                throw new StoreException("cannot open '" + shownUrl + "': after a failed compaction its connection could not be reset ("
                        + again.getMessage() + "). Start again; the upgrade itself is done", again);
            }
            log.warning("could not compact " + shownUrl + " after the upgrade (VACUUM): " + e.getMessage()
                    + ". The store works as it is; to compact it, stop the server, free twice the database's size on its disk"
                    + " and in SQLite's temporary directory, and run sqlite3 FILE VACUUM");
        }
    }

    private static long longOf(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Hides a password given in the URL. */
    static String mask(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already failing
        }
    }
}
