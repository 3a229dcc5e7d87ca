package io.siyu.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/aipl.yaml as of 2024-07-01 (end of day, Shanghai). Windows: within 30d = 06-02..07-01;
 * within 365d = 2023-07-03..2024-07-01 (as-of minus 365·24h is 2023-07-02 23:59:59). Days back from 2024-07-01:
 * 06-02 → 29, 06-01 → 30, 05-31 → 31, 04-02 → 90, 04-01 → 91, 2024-01-05 → 178, 2023-07-02 → 365, 2023-07-01 → 366.
 */
class AiplExampleTest {
    @TempDir
    Path dir;

    private Profiles evaluate() {
        return new ModelFixture(dir)
                .file("customers.csv", "customer_id,registered_at",
                        "A1,2024-06-01", "AW,2023-01-01", "I1,2023-01-01", "I2,2023-01-01", "L1,2023-01-01",
                        "L2,2023-01-01", "O,2023-01-01", "P1,2023-01-01", "P2,2023-01-01", "U,2024-05-31")
                .file("orders.csv", new ModelFixture.Lines("order_id,customer_id,ordered_at,amount,status")
                        .add("L1,2023-07-03,100,paid").add("L1,2023-10-01,100,paid").add("L1,2024-01-05,100,paid")
                        .add("L2,2022-01-01,100,paid").add("L2,2024-04-02,100,paid")
                        .add("P1,2022-01-01,100,paid").add("P1,2024-04-01,100,paid").add("P1,2024-06-01,100,refunded")
                        .add("P2,2023-05-01,100,paid").add("P2,2023-06-01,100,paid").add("P2,2023-07-02,100,paid")
                        .add("O,2023-07-01,100,paid")
                        .toArray())
                .file("events.csv", new ModelFixture.Lines("event_id,customer_id,occurred_at,type")
                        .add("O,2024-06-10T10:00:00,page_view").add("O,2024-06-20T10:00:00,ad_click")
                        .add("O,2024-07-01T23:00:00,moments_read")
                        .add("I1,2024-06-02T10:00:00,favorite")
                        .add("I2,2024-06-15T10:00:00,add_to_cart")
                        .add("A1,2024-06-01T12:00:00,add_to_cart")           // 30 days back: outside 30d
                        .add(2, "AW,2024-06-30T10:00:00,page_view")
                        .add("AW,2024-05-01T10:00:00,favorite")              // outside 30d
                        .add("U,2024-05-31T10:00:00,favorite")               // outside 30d
                        .add("U,2024-07-02T08:00:00,page_view")              // after as-of
                        .toArray())
                .evaluateExample("aipl", "2024-07-01");
    }

    @Test
    void traits_count_exposures_interest_and_paid_orders_in_their_windows() {
        Profiles p = evaluate();
        assertThat(ModelFixture.column(p, "exposures_30d")).containsEntry("O", "3").containsEntry("AW", "2")
                .containsEntry("A1", "0").containsEntry("U", "0");
        assertThat(ModelFixture.column(p, "interest_30d")).containsEntry("I1", "1").containsEntry("I2", "1")
                .containsEntry("A1", "0").containsEntry("AW", "0").containsEntry("U", "0");
        // L1: 2023-07-03 is the first day inside 365d → 3; P2: 2023-07-02 is just outside → 0
        assertThat(ModelFixture.column(p, "paid_orders_365d")).containsEntry("L1", "3").containsEntry("L2", "1")
                .containsEntry("P1", "1").containsEntry("P2", "0").containsEntry("O", "0");
        // P1's refunded order 06-01 does not count
        assertThat(ModelFixture.column(p, "days_since_paid")).containsEntry("L1", "178").containsEntry("L2", "90")
                .containsEntry("P1", "91").containsEntry("P2", "365").containsEntry("O", "366").containsEntry("I1", "");
    }

    @Test
    void every_customer_gets_the_highest_stage_that_holds() {
        Profiles p = evaluate();
        // L1 3 paid in 365d → Loyalty; L2 2 paid, last 90 days ago → Loyalty;
        // P1 2 paid but last 91 days ago, 1 in 365d → Purchase; P2 3 paid, none in 365d, last 365 days ago → Purchase;
        // O last paid 366 days ago, 3 exposures → Interest; I1 favorite 29 days ago → Interest; I2 add_to_cart → Interest;
        // AW 2 exposures (< 3) → Awareness; A1 registered 30 days ago (its add_to_cart is 30 days back) → Awareness;
        // U registered 31 days ago, only facts outside 30d or after as-of → Unreached
        assertThat(ModelFixture.column(p, "aipl_stage")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "L1", "Loyalty", "L2", "Loyalty", "P1", "Purchase", "P2", "Purchase", "O", "Interest",
                "I1", "Interest", "I2", "Interest", "AW", "Awareness", "A1", "Awareness", "U", "Unreached"));
    }

    @Test
    void each_stage_carries_its_operation_as_label() {
        Profiles p = evaluate();
        assertThat(ModelFixture.column(p, "aipl_stage_label"))
                .containsEntry("L2", "忠诚 — 会员日/生日权益, 邀请成为 KOC")
                .containsEntry("P2", "购买 — 复购提醒与组合推荐")
                .containsEntry("I1", "兴趣 — 首单券与一对一答疑")
                .containsEntry("A1", "认知 — 内容种草, 邀请入群")
                .containsEntry("U", "未触达 — 暂不打扰");
    }

    @Test
    void first_order_push_is_interest_without_any_paid_order() {
        Profiles p = evaluate();
        // Interest: O (paid once, long ago), I1, I2 (never paid)
        assertThat(ModelFixture.members(p, "first_order_push")).isEqualTo("I1,I2");
    }
}
