package io.siyu.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Copies SQLite's write-ahead log back into the database every {@link #PERIOD_MS} ms from a daemon
 * thread, in two steps: passive checkpoints on a second connection copy the bulk while the
 * store keeps writing (rounds, each copying what the store wrote during the previous one, in
 * cycles each ending with a sync of the database file), then one on the store's own connection between its transactions
 * ({@link Store#checkpointNow}) copies the little committed meanwhile — it always completes, so the
 * next commit starts the log again from its beginning.
 *
 * <p>Why both: under sustained ingest, checkpoints on a second connection alone never caught up
 * with the writer (commits every few ms), so the log was never reset and grew until a RESTART
 * checkpoint made the writer wait 100 to 350 ms (SQLite's busy handler sleeps in coarse steps);
 * checkpoints on the store's connection alone held the store for the whole copy (50 to 100 ms at
 * 14,000 facts/s). When the log has nevertheless grown past {@link #RESTART_PAGES} pages, the
 * second step is a RESTART.
 *
 * <p>A passive checkpoint that does not reach the end of the log (the store committed meanwhile)
 * copies without syncing the database file; the one that completes the log syncs everything the
 * rounds before it copied. Left to the store's own step, that sync held the store 70 to 130 ms at
 * 14,000 facts/s on a million customers (an fsync of some 50 MB while the disk was busy), however
 * little was left to copy. So after the bulk rounds the database file is synced here
 * ({@code syncDatabaseFile}), with the store still writing, and the store's step syncs only its tail.
 *
 * <p>The bulk rounds run at the lowest thread priority, since they hold nothing the store needs; the
 * step on the store's connection runs on a thread of its own ({@code siyu-store-ckpt}) at the
 * normal priority, since the store waits for it.
 */
final class BackgroundCheckpoints implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BackgroundCheckpoints.class.getName());
    static final long PERIOD_MS = io.siyu.tuning.Tuning.longProperty("siyu.sqlite.checkpointMillis", 250, 1);
    static final int RESTART_PAGES = io.siyu.tuning.Tuning.intProperty("siyu.sqlite.restartPages", 50_000, 1);
    private static final int BULK_ROUNDS = 4;
    /** Copy-and-sync cycles per pass at most: each syncs what the rounds copied, in the time the next copies less. */
    private static final int CYCLES = 4;
    /** {@code -Dsiyu.ingest.trace=true} logs each pass's bulk rounds (the store logs its own step). */
    private static final boolean TRACE = Boolean.getBoolean("siyu.ingest.trace");
    /** A second-connection round this quick leaves little for the store's own step. */
    private static final long QUICK_NANOS = 5_000_000L;
    /** A copy-and-sync cycle this quick leaves the store's step a few hundred pages at most (at 20,000 pages/s). */
    private static final long QUICK_CYCLE_NANOS = 15_000_000L;

    /** Runs one checkpoint in the given mode; returns the log's size in pages. */
    interface Checkpoint {
        int run(String mode) throws SQLException;
    }

    /** Syncs the database file to disk (what the bulk rounds copied into it). */
    interface FileSync {
        void run() throws java.io.IOException;
    }

    private final Connection bulkConnection;
    private final Checkpoint finish;
    private final FileSync syncDatabaseFile;
    private final Thread thread;
    /**
     * Started with this object, so its thread takes the constructing thread's priority (normal in
     * the server) rather than the checkpoint thread's: raising a lowered thread needs root.
     */
    private final ThreadPoolExecutor finisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
        Thread t = new Thread(task, "siyu-store-ckpt");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running = true;

    /**
     * {@code bulkConnection}: a second connection to the database, closed with this; {@code finish}: on the
     * store's; {@code syncDatabaseFile}: run between the two.
     */
    BackgroundCheckpoints(Connection bulkConnection, Checkpoint finish, FileSync syncDatabaseFile, String shownUrl) throws SQLException {
        this.bulkConnection = bulkConnection;
        this.finish = finish;
        this.syncDatabaseFile = syncDatabaseFile;
        finisher.prestartAllCoreThreads();
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
                StringBuilder trace = TRACE ? new StringBuilder("checkpoint cycles (log/copied pages ms per round, sync ms):") : null;
                int pages = 0;
                // each cycle copies and syncs what the store wrote during the one before: a shorter
                // and shorter tail, until the store's own step has next to nothing left to copy or sync
                for (int cycle = 0; cycle < CYCLES; cycle++) {
                    long began = System.nanoTime();
                    pages = copyInRounds(trace);
                    syncDatabaseFile(trace);
                    if (System.nanoTime() - began < QUICK_CYCLE_NANOS) {
                        break;
                    }
                }
                if (trace != null) {
                    LOG.info(trace.toString());
                }
                String mode = pages > RESTART_PAGES ? "RESTART" : "PASSIVE";
                finisher.submit(() -> finish.run(mode)).get();
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException | SQLException | RuntimeException e) {
                if (running) {
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    LOG.log(Level.WARNING, "SQLite checkpoint failed (retrying): " + cause.getMessage());
                }
            }
        }
    }

    /**
     * Passive checkpoints on the second connection, each copying what the store wrote during the one
     * before, until one is quick; returns the log's size in pages.
     */
    private int copyInRounds(StringBuilder trace) throws SQLException {
        int pages = 0;
        for (int round = 0; round < BULK_ROUNDS; round++) {
            long began = System.nanoTime();
            int[] logAndCopied = bulk();
            pages = logAndCopied[0];
            long took = System.nanoTime() - began;
            if (trace != null) {
                trace.append(String.format(java.util.Locale.ROOT, " %d/%d %.1f", logAndCopied[0], logAndCopied[1], took / 1e6));
            }
            if (took < QUICK_NANOS) {
                break;
            }
        }
        return pages;
    }

    private void syncDatabaseFile(StringBuilder trace) {
        long began = System.nanoTime();
        try {
            syncDatabaseFile.run();
        } catch (java.io.IOException e) {
            // the store's step syncs it all instead, holding the store longer
            LOG.log(Level.WARNING, "syncing the database file after a checkpoint failed: " + e);
        }
        if (trace != null) {
            trace.append(String.format(java.util.Locale.ROOT, ", sync %.1f;", (System.nanoTime() - began) / 1e6));
        }
    }

    /** One passive checkpoint on the second connection: the log's size and how much of it is copied, in pages. */
    private int[] bulk() throws SQLException {
        try (Statement st = bulkConnection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            return rs.next() ? new int[] {rs.getInt(2), rs.getInt(3)} : new int[2];
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
        finisher.shutdownNow();
        try {
            finisher.awaitTermination(5, TimeUnit.SECONDS); // a step under way ends before its connection closes
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
