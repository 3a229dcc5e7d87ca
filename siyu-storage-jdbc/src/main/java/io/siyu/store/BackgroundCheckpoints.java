package io.siyu.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Copies SQLite's write-ahead log back into the database every {@link #PERIOD_MS} ms from a daemon
 * thread, in two steps: passive checkpoints on a second connection copy the bulk while the
 * store keeps writing (up to four rounds, each copying what the store wrote during the previous
 * one), then one on the store's own connection between its transactions
 * ({@link Store#checkpointNow}) copies the little committed meanwhile — it always completes, so the
 * next commit starts the log again from its beginning.
 *
 * <p>Why both: under sustained ingest, checkpoints on a second connection alone never caught up
 * with the writer (commits every few ms), so the log was never reset and grew until a RESTART
 * checkpoint made the writer wait 100 to 350 ms (SQLite's busy handler sleeps in coarse steps);
 * checkpoints on the store's connection alone held the store for the whole copy (50 to 100 ms at
 * 14,000 facts/s). When the log has nevertheless grown past {@link #RESTART_PAGES} pages, the
 * second step is a RESTART.
 */
final class BackgroundCheckpoints implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BackgroundCheckpoints.class.getName());
    static final long PERIOD_MS = Long.getLong("siyu.sqlite.checkpointMillis", 250);
    static final int RESTART_PAGES = Integer.getInteger("siyu.sqlite.restartPages", 50_000);
    private static final int BULK_ROUNDS = 4;
    /** A second-connection round this quick leaves little for the store's own step. */
    private static final long QUICK_NANOS = 5_000_000L;

    /** Runs one checkpoint in the given mode; returns the log's size in pages. */
    interface Checkpoint {
        int run(String mode) throws SQLException;
    }

    private final Connection bulkConnection;
    private final Checkpoint finish;
    private final Thread thread;
    private volatile boolean running = true;

    /** {@code bulkConnection}: a second connection to the database, closed with this; {@code finish}: on the store's. */
    BackgroundCheckpoints(Connection bulkConnection, Checkpoint finish, String shownUrl) throws SQLException {
        this.bulkConnection = bulkConnection;
        this.finish = finish;
        bulkConnection.setAutoCommit(true); // a checkpoint cannot run inside a transaction
        this.thread = new Thread(this::loop, "siyu-sqlite-checkpoints");
        this.thread.setDaemon(true);
        // behind the threads that commit and apply facts when the CPU is short: a checkpoint that
        // runs late only leaves the log longer (with -XX:ThreadPriorityPolicy=1; otherwise no effect)
        this.thread.setPriority(Thread.MIN_PRIORITY);
        this.thread.start();
        LOG.fine(() -> "background checkpoints for " + shownUrl);
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(PERIOD_MS);
                // each round copies (and syncs) what the store wrote during the one before: a shorter
                // and shorter tail, until the store's own step has next to nothing left to do
                int pages = 0;
                for (int round = 0; round < BULK_ROUNDS; round++) {
                    long began = System.nanoTime();
                    pages = bulk();
                    if (System.nanoTime() - began < QUICK_NANOS) {
                        break;
                    }
                }
                finish.run(pages > RESTART_PAGES ? "RESTART" : "PASSIVE");
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "SQLite checkpoint failed (retrying): " + e.getMessage());
                }
            }
        }
    }

    private int bulk() throws SQLException {
        try (Statement st = bulkConnection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            return rs.next() ? rs.getInt(2) : 0;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            bulkConnection.close();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "closing the checkpoint connection", e);
        }
    }
}
