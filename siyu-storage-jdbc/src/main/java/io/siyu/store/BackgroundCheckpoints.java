package io.siyu.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Copies SQLite's write-ahead log back into the database every {@link #PERIOD_MS} ms from a daemon
 * thread with its own connection ({@code PRAGMA wal_checkpoint(PASSIVE)}: it never waits for or
 * blocks the writer). When the log has grown past {@link #RESTART_PAGES} pages — the writer is
 * outrunning passive checkpoints — a RESTART checkpoint, which waits for a moment between
 * writes, lets the log be reused from its start, so it cannot grow without bound.
 */
final class BackgroundCheckpoints implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BackgroundCheckpoints.class.getName());
    static final long PERIOD_MS = 250;
    static final int RESTART_PAGES = 50_000;

    private final Connection connection;
    private final Thread thread;
    private volatile boolean running = true;

    BackgroundCheckpoints(Connection connection, String shownUrl) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(true); // a checkpoint cannot run inside a transaction
        this.thread = new Thread(this::loop, "siyu-sqlite-checkpoints");
        this.thread.setDaemon(true);
        this.thread.start();
        LOG.fine(() -> "background checkpoints for " + shownUrl);
    }

    private void loop() {
        int pages = 0;
        while (running) {
            try {
                Thread.sleep(PERIOD_MS);
                pages = checkpoint(pages > RESTART_PAGES ? "RESTART" : "PASSIVE");
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                if (running) {
                    LOG.log(Level.WARNING, "SQLite checkpoint failed (retrying): " + e.getMessage());
                }
            }
        }
    }

    /** Runs one checkpoint; returns the log's size in pages. */
    private int checkpoint(String mode) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
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
            connection.close();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "closing the checkpoint connection", e);
        }
    }
}
