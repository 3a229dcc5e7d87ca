package io.siyu.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.siyu.facts.Facts;
import io.siyu.facts.PersonRef;
import io.siyu.store.FactImport;
import io.siyu.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A commit that fails stores and applies nothing, and ingest goes on: the sender's retry is a new fact, not a repeat. */
class IngestFailureTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path tmp;

    @Test
    void after_a_failed_commit_the_retry_is_stored_and_applied() throws Exception {
        Path db = tmp.resolve("db");
        try (Store store = Store.open(db.toString()); FactImport in = store.importer()) {
            in.customer(new Facts.Customer("L1", Map.of("name", "王伟", "owner_staff_id", "S1", "registered_at", "2024-06-28")));
        }
        String url = "jdbc:sqlite:" + db.resolve("siyu.db");
        // the database refuses one event, as a full disk or a lost connection would refuse a commit
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.event_id = 'boom' "
                    + "BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
        }
        Path examples = Files.isDirectory(Path.of("examples")) ? Path.of("examples") : Path.of("../examples");
        Clock clock = Clock.fixed(LocalDateTime.parse("2024-07-01T10:00:00").atZone(SHANGHAI).toInstant(), ZoneOffset.UTC);
        long at = LocalDateTime.parse("2024-07-01T09:00:00").atZone(SHANGHAI).toEpochSecond();
        Facts.Event form = new Facts.Event("form-1", PersonRef.customer("L1"), at, "test_drive_form", Map.of());
        Facts.Event boom = new Facts.Event("boom", PersonRef.customer("L1"), at, "page_view", Map.of());
        try (Workspace w = new Workspace(Store.open(db.toString()), List.of(examples.resolve("auto-leads.yaml")),
                List.of(examples.resolve("playbooks/c1-leads.yaml")), clock)) {
            assertThat(catchThrowable(() -> w.ingest(List.of(form, boom)))).hasMessageContaining("disk says no");
            assertThat(w.store().factCounts()).containsEntry("events", 0L);

            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("DROP TRIGGER refuse");
            }
            // the sender retries: the form was never stored, so it is new — stored, applied, and its task made
            List<Workspace.Effect> retry = w.ingest(List.of(form, boom));
            assertThat(retry).extracting(Workspace.Effect::repeat).containsExactly(false, false);
            assertThat(retry.get(0).outcomes()).isNotEmpty();
            assertThat(w.store().factCounts()).containsEntry("events", 2L);
        }
    }
}
