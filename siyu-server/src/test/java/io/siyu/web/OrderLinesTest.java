package io.siyu.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.siyu.engine.Profiles;
import io.siyu.facts.Facts;
import io.siyu.facts.PersonRef;
import io.siyu.store.FactImport;
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

/** C6 live: an order posted with its lines moves the customer's next-due date at once, and the reminder goes out. */
class OrderLinesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path tmp;

    private static long local(String t) {
        return LocalDateTime.parse(t).atZone(SHANGHAI).toEpochSecond();
    }

    @Test
    void an_order_with_its_lines_sets_the_next_due_date_and_the_reminder_playbook_acts() {
        Path db = tmp.resolve("db");
        try (Store store = Store.open(db.toString()); FactImport in = store.importer()) {
            in.product(new Facts.Product("SKU1", "洗衣凝珠", "home", 59, 10));
            in.customer(new Facts.Customer("R1", Map.of("name", "孙丽", "owner_staff_id", "S4")));
        }
        Path examples = Files.isDirectory(Path.of("examples")) ? Path.of("examples") : Path.of("../examples");
        Clock clock = Clock.fixed(LocalDateTime.parse("2024-07-01T10:00:00").atZone(SHANGHAI).toInstant(), ZoneOffset.UTC);
        try (Workspace w = new Workspace(Store.open(db.toString()), List.of(examples.resolve("repurchase-reminder.yaml")),
                List.of(examples.resolve("playbooks/c6-repurchase.yaml")), clock)) {
            Facts.Order order = new Facts.Order("o-7", PersonRef.customer("R1"), local("2024-06-25T12:00:00"), 59, "paid", null, null, null);
            List<Workspace.Effect> effects = w.ingest(List.of(order, new Facts.OrderItem("o-7", "SKU1", 1, 59)));
            assertThat(effects).hasSize(1);
            // bought 06-25 12:00, one pack lasts 10 days → due 07-05 12:00: 4 days away → remind now
            Profiles p = w.layerings().get("repurchase-reminder").engine().profiles();
            int r1 = p.customers().indexOf("R1");
            assertThat(p.format("next_due_at", r1)).startsWith("2024-07-05T12:00");
            assertThat(p.format("repurchase_status", r1)).isEqualTo("7天内到期");
            assertThat(effects.get(0).outcomes()).singleElement().satisfies(o ->
                    assertThat(((io.siyu.playbook.Outcome.Message) o).text()).isEqualTo("孙丽您好，您常用的商品预计 4 天后用完，需要帮您备一份吗？"));

            // the same order again (a retry): a repeat, and its lines are not added twice
            List<Workspace.Effect> again = w.ingest(List.of(order, new Facts.OrderItem("o-7", "SKU1", 1, 59)));
            assertThat(again.get(0).repeat()).isTrue();
            assertThat(w.store().factCounts()).containsEntry("order_items", 1L);
            assertThat(p.format("next_due_at", r1)).startsWith("2024-07-05T12:00");
        }
    }

    @Test
    void a_till_retrying_scan_to_pay_gets_the_same_offers_back() {
        Path db = tmp.resolve("db");
        try (Store store = Store.open(db.toString()); FactImport in = store.importer()) {
            in.customer(new Facts.Customer("NEW", Map.of("name", "小李", "owner_staff_id", "W3", "registered_at", "2024-06-20")));
        }
        Path examples = Files.isDirectory(Path.of("examples")) ? Path.of("examples") : Path.of("../examples");
        Clock clock = Clock.fixed(LocalDateTime.parse("2024-07-01T19:00:00").atZone(SHANGHAI).toInstant(), ZoneOffset.UTC);
        try (Workspace w = new Workspace(Store.open(db.toString()), List.of(examples.resolve("hotpot-quadrants.yaml")),
                List.of(examples.resolve("playbooks/c4-hotpot.yaml")), clock)) {
            Facts.Event pay = new Facts.Event("pay-1", PersonRef.customer("NEW"), local("2024-07-01T18:59:00"), "scan_pay", Map.of());
            Workspace.Effect first = w.ingest(List.of(pay)).get(0);
            assertThat(first.outcomes()).singleElement().isInstanceOf(io.siyu.playbook.Outcome.Offer.class);
            Workspace.Effect retry = w.ingest(List.of(pay)).get(0);
            assertThat(retry.repeat()).isTrue();
            assertThat(retry.outcomes()).isEmpty();
            assertThat(retry.earlier()).extracting(io.siyu.store.OutcomeRow::body).containsExactly("小李，新客专享：本次买单立领 20 元券");
        }
    }
}
