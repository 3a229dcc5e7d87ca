package io.siyu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import io.siyu.facts.Facts;
import io.siyu.facts.PersonRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on embedded SQLite in a temporary directory. */
class SqliteStoreTest extends StoreContract {
    @TempDir
    Path temp;
    private int next;

    @Override
    String freshLocation() {
        return temp.resolve("db" + (next++)).resolve("nested").toString(); // the directories do not exist yet
    }

    @Override
    String jdbcUrl(String location) {
        return "jdbc:sqlite:" + Path.of(location).resolve("siyu.db");
    }

    @Override
    java.util.List<String> ownMigrations() {
        return java.util.List.of("12.1:true", "15.1:true", "16.1:true");
    }

    @Override
    void undoOwnMigrationsAfterV11(Statement st) throws Exception {
        st.execute("CREATE INDEX outcomes_by_customer ON outcomes (customer_id)");
    }

    @Test
    void factTablesStoredBeforeV16_1AreKeyedByTheirLoadOrderAfterTheUpgrade() throws Exception {
        String location = freshLocation();
        java.util.List<Object> facts = sampleFacts();
        try (Store store = Store.open(location); FactImport in = store.importer()) {
            facts.forEach(f -> give(in, f));
        }
        // as V1 left them: "seq BIGINT PRIMARY KEY" (an index beside the row id) and ids UNIQUE in the table
        try (Connection c = DriverManager.getConnection(jdbcUrl(location)); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE events RENAME TO events_new");
            st.execute("CREATE TABLE events (seq BIGINT NOT NULL PRIMARY KEY, event_id TEXT UNIQUE, ref_kind TEXT NOT NULL, "
                    + "ref_value TEXT NOT NULL, occurred_at BIGINT NOT NULL, type TEXT NOT NULL, properties TEXT NOT NULL)");
            st.execute("INSERT INTO events SELECT * FROM events_new");
            st.execute("DROP TABLE events_new");
            st.executeUpdate("DELETE FROM flyway_schema_history WHERE version = '16.1'");
        }
        try (Store store = Store.open(location)) {
            try (Connection c = DriverManager.getConnection(jdbcUrl(location)); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'events' ORDER BY name")) {
                java.util.Map<String, String> schema = new java.util.TreeMap<>();
                while (rs.next()) {
                    schema.put(rs.getString(1), rs.getString(2));
                }
                assertThat(schema).containsOnlyKeys("events", "events_by_id"); // no index of SQLite's own for seq or the id
                assertThat(schema.get("events")).contains("seq INTEGER NOT NULL PRIMARY KEY");
            }
            RecordingSink sink = new RecordingSink();
            store.replay(sink);
            assertThat(sink.facts).filteredOn(Facts.Event.class::isInstance)
                    .containsExactlyElementsOf(facts.stream().filter(Facts.Event.class::isInstance).toList());
            try (FactImport in = store.importer()) {
                assertThat(in.event(new Facts.Event("e1", PersonRef.customer("c1"), 1, "again", java.util.Map.of()))).as("a repeat").isFalse();
                assertThat(in.event(new Facts.Event("e9", PersonRef.customer("c1"), 1, "new", java.util.Map.of()))).isTrue();
            }
            assertThat(store.factCounts()).containsEntry("events", 4L);
        }
    }

    @Test
    void theFileIsCompactedAfterTheFactTablesWereCopied() throws Exception {
        String location = freshLocation();
        try (Store store = Store.open(location); FactImport in = store.importer()) {
            for (int i = 0; i < 200_000; i++) { // ~45 MB of events: the copy leaves more than the 10 MB free that compaction waits for
                in.event(new Facts.Event("event-" + i, PersonRef.customer("c" + i % 100), 1_700_000_000L + i, "page_view",
                        java.util.Map.of("page", "/products/" + i, "utm_source", "newsletter-2024-07")));
            }
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(location)); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM flyway_schema_history WHERE version = '16.1'"); // V16.1 copies the tables again
        }
        try (Store store = Store.open(location)) {
            assertThat(store.factCounts()).containsEntry("events", 200_000L);
            Path log = Path.of(location).resolve("siyu.db-wal"); // the copy and VACUUM filled it; cut back while the store is open
            assertThat(Files.exists(log) ? Files.size(log) : 0).as("log bytes").isLessThan(1 << 20);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(location)); Statement st = c.createStatement()) {
            long free = longOf(st, "PRAGMA freelist_count");
            long pages = longOf(st, "PRAGMA page_count");
            assertThat(pages).as("pages").isGreaterThan(2_560);
            assertThat(free).as("free pages of %d", pages).isLessThan(pages / 20);
        }
    }

    private static long longOf(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aDirectoryMeansSiyuDbInsideInWalMode() throws Exception {
        String location = freshLocation();
        try (Store store = Store.open(location)) {
            assertThat(store.dialect()).isEqualTo(Store.Dialect.SQLITE);
        }
        assertThat(Path.of(location).resolve("siyu.db")).isRegularFile();
        try (Connection c = DriverManager.getConnection(jdbcUrl(location));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void theDeliveryQueueIsReadInOrderFromItsOwnIndexWithoutSortingIt() throws Exception {
        String location = freshLocation();
        try (Store store = Store.open(location)) {
            assertThat(store.factCounts()).isNotEmpty();
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(location));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("EXPLAIN QUERY PLAN " + Store.QUEUED_DELIVERIES.replace("?", "0") + "100")) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(4)).append('\n');
            }
            assertThat(plan.toString()).contains("USING INDEX outcomes_queue").doesNotContain("TEMP B-TREE");
        }
    }

    @Test
    void aSqliteUrlIsUsedAsIs() throws Exception {
        Path file = temp.resolve("other").resolve("facts.sqlite");
        try (Store store = Store.open("jdbc:sqlite:" + file)) {
            assertThat(store.factCounts()).containsEntry("orders", 0L);
        }
        assertThat(file).isRegularFile();
    }

    @Test
    void aFileGivenAsDirectoryIsExplained() throws Exception {
        Path file = Files.writeString(temp.resolve("notes.txt"), "x");
        assertThatThrownBy(() -> Store.open(file.toString()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("it is a file, not a directory")
                .hasMessageContaining("jdbc:sqlite:" + file);
    }
}
