package io.siyu.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.siyu.facts.Facts;
import io.siyu.store.FactImport;
import io.siyu.store.OutcomeRow;
import io.siyu.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers that move with time alone: the fans-group invitation on day 8, once, even across restarts. */
class TimedTransitionsTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path tmp;

    private static Clock at(String localDateTime) {
        return Clock.fixed(LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant(), ZoneOffset.UTC);
    }

    private Workspace workspace(Path db, Clock clock) {
        Path examples = Files.isDirectory(Path.of("examples")) ? Path.of("examples") : Path.of("../examples");
        return new Workspace(Store.open(db.toString()), List.of(examples.resolve("auto-leads.yaml")),
                List.of(examples.resolve("playbooks/c1-leads.yaml")), clock);
    }

    private static List<OutcomeRow> invitations(Path db) {
        try (Store store = Store.open(db.toString())) {
            return store.outcomes("invite", null, null, null).stream().filter(o -> o.rule().equals("fans_group")).toList();
        }
    }

    private static List<OutcomeRow> blocked(Path db) {
        try (Store store = Store.open(db.toString())) {
            return store.outcomes("blocked", null, null, null);
        }
    }

    /** A store with leads L1 (王伟) and L2 (李娜) of staff S1, added on those days. */
    private Path twoLeads(String l1Added, String l2Added) {
        Path db = tmp.resolve("db");
        try (Store store = Store.open(db.toString()); FactImport in = store.importer()) {
            in.customer(new Facts.Customer("L1", Map.of("name", "王伟", "owner_staff_id", "S1", "bought", "false",
                    "registered_at", l1Added)));
            in.customer(new Facts.Customer("L2", Map.of("name", "李娜", "owner_staff_id", "S1", "bought", "false",
                    "registered_at", l2Added)));
        }
        return db;
    }

    @Test
    void a_lead_not_visited_in_a_week_is_invited_once_and_late_transitions_fire_at_start_up() {
        Path db = twoLeads("2024-07-01", "2024-07-05");
        try (Workspace day1 = workspace(db, at("2024-07-01T12:00:00"))) {
            assertThat(invitations(db)).as("first start: only the baseline is recorded").isEmpty();
        }
        Workspace running = workspace(db, at("2024-07-08T12:00:00"));
        assertThat(invitations(db)).as("day 7 after L1 was added: not yet").isEmpty();
        running.close();

        // the server runs on day 9: L1 (added 07-01, no visit) crosses 7 days and is invited, once
        try (Workspace day9 = workspace(db, at("2024-07-09T12:00:00"))) {
            assertThat(invitations(db)).extracting(OutcomeRow::customerId).containsExactly("L1");
            assertThat(invitations(db).get(0).body()).startsWith("王伟您好，邀请您加入「");
        }
        try (Workspace restart = workspace(db, at("2024-07-09T18:00:00"))) {
            assertThat(invitations(db)).as("a restart the same day fires nothing again").hasSize(1);
        }
        // down from the 9th to the 15th: L2 (added 07-05) became due meanwhile and is invited at start-up
        try (Workspace late = workspace(db, at("2024-07-15T09:30:00"))) {
            assertThat(invitations(db)).extracting(OutcomeRow::customerId).containsExactly("L1", "L2");
            assertThat(invitations(db).get(1).createdAt()).isEqualTo(Instant.parse("2024-07-15T01:30:00Z").getEpochSecond());
        }
    }

    @Test
    void midnight_moves_a_running_server_to_the_new_day_in_place_and_time_alone_fires_the_invitation() {
        Path db = twoLeads("2024-07-01", "2024-07-02");
        MovableClock clock = MovableClock.at("2024-07-08T23:59:00", SHANGHAI);
        try (Workspace running = workspace(db, clock)) {
            // L2 visits the store on the evening of the 8th: a live fact, not in the loaded rows
            running.ingest(List.of(new Facts.Event("visit-L2", io.siyu.facts.PersonRef.customer("L2"),
                    Instant.parse("2024-07-08T12:00:00Z").getEpochSecond(), "store_visit", Map.of())));
            assertThat(running.advanceIfDayChanged()).as("still the 8th").isFalse();
            assertThat(invitations(db)).isEmpty();

            clock.moveTo("2024-07-09T00:00:30");
            assertThat(running.advanceIfDayChanged()).isTrue();
            assertThat(running.asOf()).isEqualTo(LocalDateTime.parse("2024-07-09T23:59:59").atZone(SHANGHAI).toInstant());
            assertThat(running.rebuilds()).as("moved in place, nothing reloaded").isEqualTo(1);
            Map<String, String> l1 = running.customerValues("L1");
            Map<String, String> l2 = running.customerValues("L2");
            assertThat(l1).containsEntry("days_since_added", "8").containsEntry("invite_to_fans_group", "true");
            assertThat(l2).containsEntry("invite_to_fans_group", "false");
            assertThat(invitations(db)).as("moved at midnight, acted on at 09:00 (quiet hours until then)").isEmpty();
            assertThat(blocked(db)).isEmpty();

            clock.moveTo("2024-07-09T08:59:00");
            assertThat(running.advanceIfDayChanged()).as("the same day").isFalse();
            assertThat(invitations(db)).isEmpty();
            clock.moveTo("2024-07-09T09:00:00");
            assertThat(running.advanceIfDayChanged()).as("the same day").isFalse();
            assertThat(invitations(db)).as("L1 crossed 7 days without a visit; L2 visited").extracting(OutcomeRow::customerId)
                    .containsExactly("L1");
            clock.moveTo("2024-07-09T10:00:00");
            running.advanceIfDayChanged();
            assertThat(invitations(db)).as("once").hasSize(1);

            // what a server started now from the store computes: the same values
            try (Workspace fresh = workspace(db, clock)) {
                assertThat(fresh.customerValues("L1")).isEqualTo(l1);
                assertThat(fresh.customerValues("L2")).isEqualTo(l2);
            }
            assertThat(invitations(db)).as("the new start finds nothing left to fire").hasSize(1);
        }
    }
}
