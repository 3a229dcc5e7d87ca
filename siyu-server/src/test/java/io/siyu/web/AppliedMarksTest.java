package io.siyu.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.siyu.facts.Facts;
import io.siyu.facts.PersonRef;
import io.siyu.store.FactImport;
import io.siyu.store.OutcomeRow;
import io.siyu.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Facts acknowledged once durable ({@code ack=stored}) and not yet applied when the server died
 * are applied at the next start-up — their tasks appear, once — while imported facts are loaded,
 * never applied live.
 */
class AppliedMarksTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Path EXAMPLES = Files.isDirectory(Path.of("examples")) ? Path.of("examples") : Path.of("../examples");
    private static final Clock CLOCK = Clock.fixed(LocalDateTime.parse("2024-07-01T10:00:00").atZone(SHANGHAI).toInstant(), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private static long local(String t) {
        return LocalDateTime.parse(t).atZone(SHANGHAI).toEpochSecond();
    }

    private Workspace open(Path db) {
        return new Workspace(Store.open(db.toString()), List.of(EXAMPLES.resolve("auto-leads.yaml")),
                List.of(EXAMPLES.resolve("playbooks/c1-leads.yaml")), CLOCK);
    }

    /** The tasks the test-drive form rule gave the customer's owner. */
    private static List<OutcomeRow> tasksOf(Workspace w, String customer) {
        return w.store().outcomes("task", null, customer, null).stream().filter(t -> t.body().contains("试驾表单")).toList();
    }

    @Test
    void facts_stored_but_not_applied_before_a_crash_are_applied_at_start_up_once() {
        Path db = tmp.resolve("db");
        try (Store store = Store.open(db.toString()); FactImport in = store.importer()) {
            in.customer(new Facts.Customer("L1", Map.of("name", "王先生", "owner_staff_id", "S1", "registered_at", "2024-06-30")));
            // an imported test-drive form is history: loaded, never acted on
            in.event(new Facts.Event("old-form", PersonRef.customer("L1"), local("2024-06-30T09:00:00"), "test_drive_form", Map.of()));
        }
        try (Store store = Store.open(db.toString())) {
            assertThat(store.appliedMarks()).as("an import moves the marks past its rows").containsEntry("events", 1L).containsEntry("customers", 1L);
            // what the server's store stage does before it dies: the facts are durable, the engines never saw them
            FactImport live = store.sharedImporter();
            live.customer(new Facts.Customer("L2", Map.of("name", "李女士", "owner_staff_id", "S2", "registered_at", "2024-07-01")));
            live.event(new Facts.Event("form-1", PersonRef.customer("L1"), local("2024-07-01T09:30:00"), "test_drive_form", Map.of()));
            live.event(new Facts.Event("form-2", PersonRef.customer("L2"), local("2024-07-01T09:40:00"), "test_drive_form", Map.of()));
            live.flush();
            assertThat(store.appliedMarks()).as("the live store stage does not move them").containsEntry("events", 1L);
        }
        try (Workspace w = open(db)) {
            assertThat(tasksOf(w, "L1")).as("the unapplied form of a loaded lead").hasSize(1);
            assertThat(tasksOf(w, "L2")).as("the form of a lead stored in the same lost group").hasSize(1);
            assertThat(w.store().appliedMarks()).containsEntry("events", 3L).containsEntry("customers", 2L);
            assertThat(w.layerings().get("auto-leads").engine().profiles().customers().indexOf("L2")).isNotNegative();
        }
        try (Workspace w = open(db)) {
            assertThat(tasksOf(w, "L1")).as("applied once: a second start owes nothing").hasSize(1);
            assertThat(tasksOf(w, "L2")).hasSize(1);
        }
    }

    @Test
    void a_fact_acknowledged_once_stored_is_applied_right_behind() throws Exception {
        Path db = tmp.resolve("db");
        try (Store store = Store.open(db.toString()); FactImport in = store.importer()) {
            in.customer(new Facts.Customer("L1", Map.of("name", "王先生", "owner_staff_id", "S1", "registered_at", "2024-06-30")));
        }
        try (Workspace w = open(db)) {
            Facts.Event form = new Facts.Event("form-1", PersonRef.customer("L1"), local("2024-07-01T09:30:00"), "test_drive_form", Map.of());
            List<Workspace.Effect> acked = w.ingest(List.of(form), IngestQueue.Ack.STORED);
            assertThat(acked).singleElement().satisfies(e -> assertThat(e.repeat()).isFalse());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (w.ingestStats().snapshot(0).pendingFacts() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(tasksOf(w, "L1")).singleElement().satisfies(t -> assertThat(t.staffId()).isEqualTo("S1"));
            assertThat(w.ingestStats().snapshot(0).groups()).isEqualTo(1);
            assertThat(w.ingest(List.of(form), IngestQueue.Ack.STORED)).singleElement().satisfies(e -> assertThat(e.repeat()).isTrue());
        }
    }

    @Test
    void a_customer_update_stored_but_not_applied_before_a_crash_moves_the_owner_at_start_up_once() {
        Path db = tmp.resolve("db");
        try (Store store = Store.open(db.toString()); FactImport in = store.importer()) {
            in.customer(new Facts.Customer("L1", Map.of("name", "王先生", "owner_staff_id", "S1", "registered_at", "2024-06-30")));
        }
        try (Store store = Store.open(db.toString())) {
            // the store stage of a server that then dies: the update is durable, the engines never saw it
            FactImport live = store.sharedImporter();
            assertThat(live.customer(new Facts.Customer("L1", Map.of("owner_staff_id", "S2", "name", " ")))).isFalse();
            assertThat(live.customerUpdate(new Facts.Customer("L1", Map.of("owner_staff_id", "S2", "name", " "))))
                    .as("blank values are not updates").containsExactly(Map.entry("owner_staff_id", "S2"));
            live.flush();
            assertThat(store.customerAttributes("L1")).as("not folded in before it is applied").containsEntry("owner_staff_id", "S1");
        }
        try (Workspace w = open(db)) {
            assertThat(w.customerValues("L1")).containsEntry("owner_staff_id", "S2");
            assertThat(w.store().customerAttributes("L1")).containsEntry("owner_staff_id", "S2").containsEntry("name", "王先生");
            assertThat(w.store().transferredOwners()).as("the transfer is in the history").containsEntry("L1", "S2");
            assertThat(w.store().appliedMarks()).containsEntry("customer_updates", 1L);
        }
        try (Workspace w = open(db)) {
            assertThat(w.customerValues("L1")).containsEntry("owner_staff_id", "S2");
            assertThat(w.store().customerUpdatesAfter(w.store().appliedMarks().get("customer_updates"))).as("nothing owed").isEmpty();
        }
    }
}
