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

    @Test
    void a_lead_not_visited_in_a_week_is_invited_once_and_late_transitions_fire_at_start_up() {
        Path db = tmp.resolve("db");
        try (Store store = Store.open(db.toString()); FactImport in = store.importer()) {
            in.customer(new Facts.Customer("L1", Map.of("name", "王伟", "owner_staff_id", "S1", "bought", "false",
                    "registered_at", "2024-07-01")));
            in.customer(new Facts.Customer("L2", Map.of("name", "李娜", "owner_staff_id", "S1", "bought", "false",
                    "registered_at", "2024-07-05")));
        }
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
}
