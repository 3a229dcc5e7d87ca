package io.siyu.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/lifecycle.yaml as of 2024-07-01 (end of day, Shanghai). Days back from 2024-07-01:
 * 06-30 → 1, 06-28 → 3, 06-20 → 11, 06-01 → 30, 05-31 → 31, 04-02 → 90, 04-01 → 91, 2023-12-01 → 213.
 */
class LifecycleExampleTest {
    @TempDir
    Path dir;

    private Profiles evaluate() {
        return new ModelFixture(dir)
                .file("customers.csv", "customer_id,registered_at",
                        "A,2024-06-01",     // registered 30 days ago, nothing else
                        "B,2024-05-31",     // registered 31 days ago; event 30 days ago; one paid order 91 days ago
                        "C,2023-01-01",     // inbound message 31 days ago, outbound 1 day ago
                        "D,2023-01-01",     // one paid order 90 days ago
                        "E,2023-01-01",     // two paid orders long ago, event 91 days ago, one after as-of
                        "F,",               // no registration time; refunded order yesterday
                        "G,2024-06-20",     // registered 11 days ago, two paid orders since
                        "H,")               // nothing at all
                .file("orders.csv", new ModelFixture.Lines("order_id,customer_id,ordered_at,amount,status")
                        .add("B,2024-04-01,100,paid")
                        .add("D,2024-04-02,100,paid")
                        .add("E,2023-11-01,100,paid").add("E,2023-12-01,100,paid")
                        .add("F,2024-06-30,100,refunded")
                        .add("G,2024-06-25,50,paid").add("G,2024-06-28,50,paid")
                        .toArray())
                .file("events.csv", new ModelFixture.Lines("event_id,customer_id,occurred_at,type")
                        .add("B,2024-06-01T08:00:00,page_view")
                        .add("E,2024-04-01T21:00:00,page_view")
                        .add("E,2024-07-02T00:10:00,page_view")     // after as-of: ignored
                        .toArray())
                .file("messages.csv", new ModelFixture.Lines("message_id,customer_id,sent_at,text,direction")
                        .add("C,2024-05-31T12:00:00,在吗,in")
                        .add("C,2024-06-30T12:00:00,新品上市,out")   // from the brand: not the customer's activity
                        .toArray())
                .evaluateExample("lifecycle", "2024-07-01");
    }

    @Test
    void days_inactive_is_the_latest_of_orders_events_and_inbound_messages() {
        Profiles p = evaluate();
        // A, H: no activity → 99999; B min(order 91, event 30) = 30; C inbound message 31 (outbound ignored);
        // D order 90; E min(order 213, event 91) = 91; F refunded order (any order counts) 1; G order 06-28 → 3
        assertThat(ModelFixture.column(p, "days_inactive")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "99999", "B", "30", "C", "31", "D", "90", "E", "91", "F", "1", "G", "3", "H", "99999"));
        assertThat(ModelFixture.column(p, "days_registered")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "30", "B", "31", "C", "547", "D", "547", "E", "547", "F", "", "G", "11", "H", ""));
    }

    @Test
    void lifecycle_stage_boundaries_are_30_days_registered_then_30_and_90_days_inactive() {
        Profiles p = evaluate();
        // A registered 30 → new; G registered 11 → new; B registered 31, inactive 30 → active;
        // F no registration, inactive 1 → active; C inactive 31 → silent; D inactive 90 → silent;
        // E inactive 91 → churned; H no registration, never active → churned
        assertThat(ModelFixture.column(p, "lifecycle_stage")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "new", "B", "active", "C", "silent", "D", "silent", "E", "churned", "F", "active",
                "G", "new", "H", "churned"));
        assertThat(ModelFixture.column(p, "lifecycle_stage_label")).containsEntry("A", "新人欢迎礼 + 首单券")
                .containsEntry("B", "正常运营, 不打扰").containsEntry("D", "轻触达提醒, 推荐新品")
                .containsEntry("H", "流失预警, 挽回礼包");
    }

    @Test
    void old_customers_have_two_paid_orders_or_a_first_paid_order_over_90_days_ago() {
        Profiles p = evaluate();
        // B 1 paid order, first 91 days ago → 老客; D 1 paid order, first 90 days ago → 新客;
        // E 2 paid orders → 老客; G 2 paid orders, first 6 days ago → 老客;
        // A, C, H no orders and F refunded only → 潜客
        assertThat(ModelFixture.column(p, "customer_type")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "潜客", "B", "老客", "C", "潜客", "D", "新客", "E", "老客", "F", "潜客", "G", "老客", "H", "潜客"));
    }

    @Test
    void win_back_is_churned_with_two_paid_orders_and_welcome_is_new() {
        Profiles p = evaluate();
        // churned: E (2 paid) and H (0 paid) → win_back E; new: A, G
        assertThat(ModelFixture.members(p, "win_back")).isEqualTo("E");
        assertThat(ModelFixture.members(p, "welcome")).isEqualTo("A,G");
    }
}
