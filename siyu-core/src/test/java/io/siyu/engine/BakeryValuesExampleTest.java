package io.siyu.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.siyu.report.LayerReport;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/bakery-values.yaml as of 2024-07-01 (end of day, Shanghai). Windows: 365d = 2023-07-03..2024-07-01,
 * 90d = 2024-04-03..07-01. Quantiles interpolate at position p·(n−1) of the sorted values.
 */
class BakeryValuesExampleTest {
    @TempDir
    Path dir;

    /** {@code count} monthly paid orders on the 1st, the last on 2024-07-01; all but the last of {@code amount}. */
    private static void monthly(ModelFixture.Lines orders, String customer, int count, int amount, int lastAmount) {
        YearMonth first = YearMonth.of(2024, 7).minusMonths(count - 1);
        for (int i = 0; i < count; i++) {
            orders.add(customer + "," + first.plusMonths(i).atDay(1) + "," + (i == count - 1 ? lastAmount : amount) + ",paid");
        }
    }

    private Profiles evaluate() {
        ModelFixture.Lines orders = new ModelFixture.Lines("order_id,customer_id,ordered_at,amount,status")
                .add("A,2024-05-01,6000,paid").add("A,2024-06-01,6000,paid")
                .add("C,2024-06-10,3000,paid").add("C,2023-06-01,20000,paid")      // outside 365d
                .add("D,2024-06-10,1000,paid")
                .add("F,2024-06-10,100,paid")
                .add("G,2024-06-10,500,paid").add("G,2024-06-01,50000,refunded");
        monthly(orders, "E", 12, 750, 750);                                          // 2023-08..2024-07: 9000
        return new ModelFixture(dir)
                .file("customers.csv", "customer_id,xhs_followers,douyin_followers",
                        "A,,", "B,,", "C,2000,", "D,600,400", "E,,", "F,999,", "G,,", "H,,5000")
                .file("orders.csv", orders.toArray())
                .file("events.csv", new ModelFixture.Lines("event_id,customer_id,occurred_at,type")
                        .add(2, "A,2024-06-10T10:00:00,group_message")
                        .add(3, "F,2024-06-10T10:00:00,moments_like")
                        .add(5, "H,2024-06-10T10:00:00,moments_comment")
                        .add(6, "E,2024-06-10T10:00:00,group_message")
                        .add(9, "E,2024-06-11T10:00:00,share")
                        .add("E,2024-04-02T10:00:00,share")                           // outside 90d
                        .add(8, "D,2024-06-10T10:00:00,moments_like")
                        .add(12, "C,2024-06-10T10:00:00,group_message")
                        .add(10, "B,2024-06-12T10:00:00,share")
                        .toArray())
                .evaluateExample("bakery-values", "2024-07-01");
    }

    @Test
    void spend_p95_and_interactions_p90_interpolate_linearly() {
        Profiles p = evaluate();
        // spend_365d > 0 sorted: F 100, G 500, D 1000, C 3000, E 9000, A 12000 (n = 6)
        // p95 at .95·5 = 4.75 → 9000 + .75·(12000 − 9000) = 11250
        assertThat(p.stats().get("spend_p95")).isCloseTo(11250.0, within(1e-9));
        // interactions_90d > 0 sorted: A 2, F 3, H 5, E 6, D 8, C 12 (n = 6); p90 at .9·5 = 4.5 → 8 + .5·4 = 10
        assertThat(p.stats().get("interactions_p90")).isCloseTo(10.0, within(1e-9));
        assertThat(ModelFixture.column(p, "spend_365d")).containsEntry("C", "3000").containsEntry("E", "9000")
                .containsEntry("G", "500").containsEntry("B", "0");
        assertThat(ModelFixture.column(p, "shares_90d")).containsEntry("E", "9").containsEntry("B", "10");
        assertThat(ModelFixture.column(p, "reach")).containsEntry("D", "1000").containsEntry("F", "999")
                .containsEntry("H", "5000").containsEntry("A", "0");
    }

    @Test
    void the_three_value_tags_overlap() {
        Profiles p = evaluate();
        // super_user: A 12000 > 10000; E 9000 with 12 orders is below p95 11250
        assertThat(ModelFixture.members(p, "super_user")).isEqualTo("A");
        // high_spread: B 10 shares; C reach 2000; D 600 + 400 = 1000; H 5000 (E 9 shares in 90d, F reach 999: no)
        assertThat(ModelFixture.members(p, "high_spread")).isEqualTo("B,C,D,H");
        // high_interaction: ≥ p90 10 and ≥ 5 → C 12 (D 8: no); C is also high_spread
        assertThat(ModelFixture.members(p, "high_interaction")).isEqualTo("C");
    }

    @Test
    void new_product_test_takes_groups_in_priority_order_best_first_each_customer_once() {
        Profiles p = evaluate();
        // order_by = interactions + shares + reach/1000 + spend/10000:
        //   C 12 + 0 + 2 + .3 = 14.3; B 0 + 10 + 0 + 0 = 10; H 5 + 0 + 5 + 0 = 10; D 8 + 0 + 1 + .1 = 9.1; A 2 + 1.2 = 3.2
        // high_interaction: C → 1; high_spread without C: B 10, H 10 (tie: B before H), D 9.1 → 2, 3, 4;
        // super_user: A → 5. Only 5 of 50 places are filled.
        List<String> picks = p.selections().get("new_product_test").stream()
                .map(s -> s.position() + ":" + p.customers().id(s.customer()) + ":" + s.fromGroup()).toList();
        assertThat(picks).containsExactly("1:C:high_interaction", "2:B:high_spread", "3:H:high_spread",
                "4:D:high_spread", "5:A:super_user");
        assertThat(ModelFixture.column(p, "new_product_test")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "5", "B", "2", "C", "1", "D", "4", "E", "", "F", "", "G", "", "H", "3"));
        LayerReport.SelectionSummary summary = LayerReport.of(p).selections().get(0);
        assertThat(summary.picked()).isEqualTo(5);
        // per group, in the order the groups were used
        assertThat(summary.byGroup().toString()).isEqualTo("{high_interaction=1, high_spread=3, super_user=1}");
    }

    @Test
    void super_user_by_top_five_percent_needs_twelve_orders_and_10000_is_not_over_10000() {
        ModelFixture.Lines orders = new ModelFixture.Lines("order_id,customer_id,ordered_at,amount,status");
        monthly(orders, "X1", 12, 800, 1200);   // 11·800 + 1200 = 10000, 12 orders
        monthly(orders, "X2", 11, 900, 1000);   // 10·900 + 1000 = 10000, 11 orders
        monthly(orders, "X3", 12, 40, 60);      // 11·40 + 60 = 500, 12 orders
        Profiles p = new ModelFixture(dir)
                .file("customers.csv", "customer_id", "X1", "X2", "X3")
                .file("orders.csv", orders.toArray())
                .evaluateExample("bakery-values", "2024-07-01");
        // sorted 500, 10000, 10000; p95 at .95·2 = 1.9 → 10000 + .9·0 = 10000
        assertThat(p.stats().get("spend_p95")).isCloseTo(10000.0, within(1e-9));
        assertThat(ModelFixture.column(p, "orders_365d")).containsEntry("X1", "12").containsEntry("X2", "11");
        // X1 ≥ p95 with 12 orders → super; X2 10000 is not > 10000 and has 11 orders; X3 below p95
        assertThat(ModelFixture.members(p, "super_user")).isEqualTo("X1");
    }
}
