package io.siyu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
