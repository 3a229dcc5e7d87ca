package io.siyu.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under writes that never pause for long, SQLite's write-ahead log is still copied back and
 * restarted from its beginning, so it stays a small fraction of what was written (before the
 * finishing step on the store's own connection, it held every byte written since the server began).
 */
class BackgroundCheckpointsTest {
    @TempDir
    Path tmp;

    @Test
    void the_log_restarts_while_the_store_commits_continuously() throws Exception {
        String body = "x".repeat(2_000);
        long written = 0;
        try (Store store = Store.open(tmp.resolve("db").toString())) {
            store.checkpointInBackground();
            long end = System.nanoTime() + 5_000_000_000L;
            for (int commit = 0; System.nanoTime() < end; commit++) {
                List<OutcomeRow> rows = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    rows.add(new OutcomeRow("c:k" + commit + ":" + i, "message", "p", "r", "c", null, "log", body, null, "queued",
                            1_700_000_000L, null));
                }
                store.saveOutcomes(rows, Map.of(), Map.of());
                written += 100L * body.length();
                Thread.sleep(1); // as between the server's commits: the store is free for a moment
            }
            Path wal;
            try (Stream<Path> files = Files.walk(tmp)) {
                wal = files.filter(f -> f.getFileName().toString().endsWith("-wal")).findFirst().orElseThrow();
            }
            assertThat(written).as("enough written to tell").isGreaterThan(20_000_000L);
            // never restarted, the log holds everything written and more (2.3 times it without the finishing step);
            // restarted, its file stays at the most written between two restarts: a quarter to a half on a busy machine,
            // 1.2 times once with a million-customer server starting beside the test (restarts were rare, not absent)
            assertThat(Files.size(wal)).as("log size after %,d bytes written", written).isLessThan(written * 3 / 2);
        }
    }

    @Test
    void the_database_file_is_synced_after_the_bulk_rounds_and_before_the_step_that_holds_the_store() throws Exception {
        List<String> steps = java.util.Collections.synchronizedList(new ArrayList<>());
        Path db = tmp.resolve("sync.db");
        try (BackgroundCheckpoints checkpoints = new BackgroundCheckpoints(Store.connect("jdbc:sqlite:" + db, Store.Dialect.SQLITE, false),
                     mode -> {
                         steps.add("store's step (" + mode + ")");
                         return 0;
                     }, () -> steps.add("file synced"), db.toString())) {
            long end = System.nanoTime() + 5_000_000_000L;
            while (steps.size() < 6 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
        }
        List<String> seen = List.copyOf(steps);
        assertThat(seen).as("the first passes").startsWith("file synced").contains("store's step (PASSIVE)");
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).startsWith("store's step")) {
                assertThat(seen.get(i - 1)).as("before step %d of %s", i, seen).isEqualTo("file synced");
            }
        }
    }
}
