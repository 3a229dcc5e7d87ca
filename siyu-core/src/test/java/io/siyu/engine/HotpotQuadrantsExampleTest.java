package io.siyu.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/hotpot-quadrants.yaml as of 2024-07-01 (end of day, Shanghai). New = registered at most 90 days
 * before (2024-04-02 → 90 days, 04-01 → 91). Windows: 180d = 2024-01-04..07-01; 30d = 06-02..07-01.
 */
class HotpotQuadrantsExampleTest {
    @TempDir
    Path dir;

    private Profiles evaluate() {
        return new ModelFixture(dir)
                .file("customers.csv", "customer_id,registered_at",
                        "O1,2023-01-01", "O2,2024-04-01", "N1,2024-04-02", "N2,2024-06-01",
                        "O3,", "N3,2024-06-20", "O4,2023-01-01", "N4,2024-05-01")
                .file("orders.csv", new ModelFixture.Lines("order_id,customer_id,ordered_at,amount,status")
                        .add("O1,2024-06-01,89,paid").add("O1,2024-06-15,89,paid")
                        .add("O2,2024-05-01,180,paid")
                        .add("N1,2024-06-01,181,paid")
                        .add("N2,2024-06-20,89,paid").add("N2,2024-06-21,90,paid")
                        .add("O3,2024-01-03,1000,paid")                    // 180 days back: outside 180d
                        .add("O3,2024-02-01,50,paid")
                        .add("O4,2024-06-01,500,refunded")
                        .add("N4,2024-05-10,100,paid")
                        .toArray())
                .file("events.csv", new ModelFixture.Lines("event_id,customer_id,occurred_at,type")
                        .add("O1,2024-06-30T19:00:00,scan_qr")
                        .add("N1,2024-06-30T19:00:00,scan_qr")
                        .add("O2,2024-06-01T19:00:00,scan_qr")                // 30 days back: outside 30d
                        .toArray())
                .evaluateExample("hotpot-quadrants", "2024-07-01");
    }

    @Test
    void is_new_means_registered_within_90_days_and_median_spend_interpolates() {
        Profiles p = evaluate();
        // O1 547 days, O2 91, O3 no registration → old; N1 90, N2 30, N3 11, N4 61 → new
        assertThat(ModelFixture.members(p, "is_new")).isEqualTo("N1,N2,N3,N4");
        // spend_180d: O1 89+89, O2 180, N1 181, N2 89+90, O3 50 (the 1000 is 180 days back), N4 100; N3, O4 0
        assertThat(ModelFixture.column(p, "spend_180d")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "O1", "178", "O2", "180", "N1", "181", "N2", "179", "O3", "50", "N3", "0", "O4", "0", "N4", "100"));
        // > 0 sorted: 50, 100, 178, 179, 180, 181 → median at 2.5 → (178 + 179) / 2 = 178.5
        assertThat(p.stats().get("median_spend")).isCloseTo(178.5, within(1e-9));
    }

    @Test
    void quadrants_split_new_and_old_by_median_spend() {
        Profiles p = evaluate();
        // O2 old 180 ≥ 178.5 → 老客高消费; O1 old 178 < 178.5, O3 old 50, O4 old 0 → 老客低消费
        // N1 new 181, N2 new 179 → 新客中高消费; N3 new 0, N4 new 100 → 新客低消费
        assertThat(ModelFixture.column(p, "quadrant")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "O1", "老客低消费", "O2", "老客高消费", "N1", "新客中高消费", "N2", "新客中高消费",
                "O3", "老客低消费", "N3", "新客低消费", "O4", "老客低消费", "N4", "新客低消费"));
        assertThat(ModelFixture.column(p, "quadrant_label")).containsEntry("O2", "忠诚核心 — 维护关系, 专属服务, 邀请储值")
                .containsEntry("N1", "锁定忠诚 — 储值推荐, 会员权益").containsEntry("N3", "促进消费 — 关注评价, 二次到店券")
                .containsEntry("O4", "沉默 — 批量召回");
    }

    @Test
    void pay_offer_gives_new_or_never_paid_customers_a_coupon() {
        Profiles p = evaluate();
        // O4 is old but its only order was refunded → 新客券
        assertThat(ModelFixture.column(p, "pay_offer")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "O1", "老客立减", "O2", "老客立减", "O3", "老客立减", "O4", "新客券",
                "N1", "新客券", "N2", "新客券", "N3", "新客券", "N4", "新客券"));
    }

    @Test
    void stored_value_plan_from_average_bill_at_exactly_89_and_180() {
        Profiles p = evaluate();
        // avg_bill over all paid orders: O1 89, O2 180, N1 181, N2 89.5, O3 (1000 + 50)/2 = 525, N4 100
        assertThat(ModelFixture.column(p, "avg_bill")).containsEntry("O1", "89").containsEntry("O2", "180")
                .containsEntry("N2", "89.5").containsEntry("O3", "525").containsEntry("O4", "");
        // 89 → 储值100; 89.5, 100, 180 → 储值200; 181, 525 → 储值500; no paid order → 暂不推荐
        assertThat(ModelFixture.column(p, "stored_value_plan")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "O1", "储值100", "O2", "储值200", "N1", "储值500", "N2", "储值200",
                "O3", "储值500", "N3", "暂不推荐", "O4", "暂不推荐", "N4", "储值200"));
    }

    @Test
    void mass_recall_and_fruit_plate_service_segments() {
        Profiles p = evaluate();
        // 老客低消费 with a paid order: O1, O3 (O4 never paid)
        assertThat(ModelFixture.members(p, "mass_recall")).isEqualTo("O1,O3");
        // old with a table scan in 30 days: O1 (N1 is new, O2's scan is 30 days back)
        assertThat(ModelFixture.members(p, "fruit_plate_service")).isEqualTo("O1");
    }
}
