package io.siyu.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * What storing outcomes costs SQLite, apart from the server: rows shaped like the ingest
 * benchmark's (keys that start with a random one of a million customers, six in ten filed under
 * one of 2,000 staff members) inserted in commits of one group's worth, with a passive checkpoint
 * every 250 ms on the same thread, as the server's settings (WAL, synchronous=NORMAL, 64 MB cache).
 * The indexes are the variable: {@code plain} as {@code outcomes} had them from V12 to V14 (keys
 * that start with the customer), {@code no-staff-index}, {@code no-key-index} (no primary key at
 * all), {@code in-order} (the same keys with the customer moved to the end, so they sort in
 * insertion order as keys starting with the occasion's time do: what {@code outcomes} has since V14)
 * and {@code in-order-by-customer} (those keys, with an index by customer to find a customer's outcomes).
 * Prints thread CPU per fact.
 *
 * <pre>java -cp siyu-bench/target/siyu-bench.jar io.siyu.bench.OutcomeWrites DB ROWS SECONDS [OUTCOMES_PER_COMMIT] [MODE] [PAGE_SIZE]</pre>
 */
public final class OutcomeWrites {
    /** Outcome rows per fact in the ingest benchmark (tasks 0.32, offers 0.14, messages 0.07, blocked 0.04). */
    private static final double OUTCOMES_PER_FACT = 0.57;

    private OutcomeWrites() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("Usage: OutcomeWrites DB ROWS SECONDS [OUTCOMES_PER_COMMIT (57)] "
                    + "[plain|no-staff-index|no-key-index|in-order|in-order-by-customer] [PAGE_SIZE (4096)]");
            System.exit(2);
        }
        Path db = Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int perCommit = args.length > 3 ? Integer.parseInt(args[3]) : 57; // a group of 100 facts' outcomes
        String mode = args.length > 4 ? args[4] : "plain";
        int pageSize = args.length > 5 ? Integer.parseInt(args[5]) : 4096;
        SplittableRandom random = new SplittableRandom(7);
        if (!Files.exists(db)) {
            create(db, pageSize, mode, rows, random);
        }
        try (Connection c = open(db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_autocheckpoint=0"); // checkpoints are ours, as the server's are
            }
            c.commit();
            PreparedStatement insert = c.prepareStatement("INSERT OR IGNORE INTO outcomes VALUES (?,?,?,?,?,?,?)");
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            random = new SplittableRandom(System.nanoTime()); // keys no earlier run on this file made: a repeat is ignored, and cheap
            long seq = rows + 1_000_000_000L * (1 + random.nextInt(1000));
            for (int round = 0; round < 3; round++) {
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                long lastCheckpoint = start;
                long commits = 0;
                long checkpointCpu = 0;
                while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                    for (int k = 0; k < perCommit; k++) {
                        bind(insert, random, seq++, mode.startsWith("in-order"));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    c.commit();
                    commits++;
                    if (System.nanoTime() - lastCheckpoint > 250_000_000L) {
                        long before = threads.getCurrentThreadCpuTime();
                        try (Statement s = c.createStatement()) {
                            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
                        }
                        c.commit();
                        checkpointCpu += threads.getCurrentThreadCpuTime() - before;
                        lastCheckpoint = System.nanoTime();
                    }
                }
                double facts = commits * (double) perCommit / OUTCOMES_PER_FACT; // the facts that make that many outcomes
                System.out.printf(Locale.ROOT, "%s, %d outcomes per commit, page %d: %.1f µs CPU per fact (%.1f of it checkpoints)%n",
                        mode, perCommit, pageSize, (threads.getCurrentThreadCpuTime() - cpuStart) / 1e3 / facts, checkpointCpu / 1e3 / facts);
            }
        }
    }

    private static void create(Path db, int pageSize, String mode, int rows, SplittableRandom random) throws SQLException {
        // the page size is fixed by the first write, before the connection that asks for WAL
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA page_size=" + pageSize);
            s.execute("CREATE TABLE outcomes (outcome_key TEXT NOT NULL" + (mode.equals("no-key-index") ? "" : " PRIMARY KEY")
                    + ", seq BIGINT NOT NULL, kind TEXT NOT NULL, customer_id TEXT NOT NULL, staff_id TEXT, state TEXT NOT NULL, body TEXT)");
            if (!mode.equals("no-staff-index")) {
                s.execute("CREATE INDEX outcomes_by_staff ON outcomes (staff_id, state)");
            }
            s.execute("CREATE INDEX outcomes_by_seq ON outcomes (seq)");
            if (mode.equals("in-order-by-customer")) {
                s.execute("CREATE INDEX outcomes_by_customer ON outcomes (customer_id)");
            }
        }
        try (Connection c = open(db); PreparedStatement insert = c.prepareStatement("INSERT INTO outcomes VALUES (?,?,?,?,?,?,?)")) {
            for (int i = 0; i < rows; i++) {
                bind(insert, random, i, false);
                insert.addBatch();
                if (i % 10_000 == 9_999) {
                    insert.executeBatch();
                    c.commit();
                }
            }
            insert.executeBatch();
            c.commit();
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }

    private static Connection open(Path db) throws SQLException {
        Properties settings = new Properties();
        settings.setProperty("journal_mode", "WAL");
        settings.setProperty("synchronous", "NORMAL");
        settings.setProperty("cache_size", Long.toString(-1024L * 64));
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db, settings);
        c.setAutoCommit(false);
        return c;
    }

    private static void bind(PreparedStatement insert, SplittableRandom random, long seq, boolean inOrder) throws SQLException {
        String customer = "C" + String.format(Locale.ROOT, "%07d", 1 + random.nextInt(1_000_000));
        String key = customer + ":c1-leads@1:test_drive_form:0:" + customer + ":event:b" + seq;
        // in order: after the rows created (which start with 'C'), numbered with seq (same digit count within a run)
        insert.setString(1, inOrder ? "~b" + seq + ":" + key : key);
        insert.setLong(2, seq);
        insert.setString(3, "task");
        insert.setString(4, customer);
        insert.setString(5, random.nextInt(10) < 6 ? "S" + String.format(Locale.ROOT, "%04d", random.nextInt(2000)) : null);
        insert.setString(6, "open");
        insert.setString(7, "徐艳 提交了试驾表单（意向车型未填）— 立即电话邀约到店试驾");
    }
}
