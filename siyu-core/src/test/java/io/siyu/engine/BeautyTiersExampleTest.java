package io.siyu.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.siyu.report.LayerReport;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/beauty-tiers.yaml on five customers as of 2024-07-01 (end of day, Shanghai). Windows: 365d =
 * 2023-07-03..2024-07-01; 180d = 2024-01-04..07-01; 90d = 2024-04-03..07-01. PERCENT_RANK over n = 5 is
 * (customers strictly worse) / 4, ties sharing the lower value.
 */
class BeautyTiersExampleTest {
    @TempDir
    Path dir;

    private Profiles evaluate() {
        return new ModelFixture(dir)
                .file("customers.csv", "customer_id,member_level,followers",
                        "P,,", "Q,1,250", "R,5,", "S,3,100", "T,,1000")
                .file("orders.csv", new ModelFixture.Lines("order_id,customer_id,ordered_at,amount,status")
                        .add("P,2024-05-01,1500,paid").add("P,2024-06-01,1500,paid")
                        .add("Q,2024-03-01,500,paid").add("Q,2024-04-01,500,paid")
                        .add("R,2024-06-15,1000,paid")
                        .add("S,2023-05-01,5000,paid")                    // outside 365d
                        .add("S,2023-12-01,100,paid").add("S,2024-06-20,100,paid")
                        .toArray())
                .file("events.csv", new ModelFixture.Lines("event_id,customer_id,occurred_at,type")
                        .add(6, "P,2024-06-10T10:00:00,like")
                        .add("P,2024-01-04T10:00:00,post_content")        // 179 days back: inside 180d
                        .add("Q,2024-06-01T10:00:00,share")
                        .add("R,2024-06-01T10:00:00,share").add("R,2024-06-02T10:00:00,invite")
                        .add("R,2024-04-02T10:00:00,share")               // 90 days back: outside 90d
                        .add(2, "R,2024-06-05T10:00:00,comment")
                        .add(4, "S,2024-06-25T10:00:00,checkin")
                        .add("T,2024-06-30T10:00:00,like")
                        .add("T,2024-01-03T10:00:00,post_content")        // 180 days back: outside 180d
                        .toArray())
                .evaluateExample("beauty-tiers", "2024-07-01");
    }

    @Test
    void koc_score_is_the_weighted_mean_of_four_percent_ranks() {
        Profiles p = evaluate();
        // consumption spend_365d: T 0, S 200, Q 1000, R 1000, P 3000 → T 0, S .25, Q .5, R .5 (tie), P 1
        // social social_90d + followers/100: P 0+0, S 0+1, R 2+0, Q 1+2.5, T 0+10 → P 0, S .25, R .5, Q .75, T 1
        // interaction: Q 0, T 1, R 2, S 4, P 6 → Q 0, T .25, R .5, S .75, P 1
        // content_180d: Q, R, S, T 0 (tie → 0), P 1 → P 1
        // P = .4·1 + .2·0 + .2·1 + .2·1 = .8;   Q = .4·.5 + .2·.75 = .35;   R = .4·.5 + .2·.5 + .2·.5 = .4
        // S = .4·.25 + .2·.25 + .2·.75 = .3;    T = .2·1 + .2·.25 = .25
        assertThat(ModelFixture.column(p, "spend_365d")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "P", "3000", "Q", "1000", "R", "1000", "S", "200", "T", "0"));
        assertThat(ModelFixture.column(p, "social_90d")).containsEntry("R", "2").containsEntry("Q", "1");
        assertThat(ModelFixture.column(p, "content_180d")).containsEntry("P", "1").containsEntry("T", "0");
        assertThat(ModelFixture.column(p, "koc_score")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "P", "0.8", "Q", "0.35", "R", "0.4", "S", "0.3", "T", "0.25"));
    }

    @Test
    void koc_rank_is_best_first_and_koc_percentile_worst_to_best() {
        Profiles p = evaluate();
        // by koc_score: P .8 > R .4 > Q .35 > S .3 > T .25
        assertThat(ModelFixture.column(p, "koc_rank")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "P", "1", "R", "2", "Q", "3", "S", "4", "T", "5"));
        assertThat(ModelFixture.column(p, "koc_percentile")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "T", "0", "S", "0.25", "Q", "0.5", "R", "0.75", "P", "1"));
    }

    @Test
    void tiers_are_koc_then_high_value_then_ordinary() {
        Profiles p = evaluate();
        // P percentile 1 ≥ .97, 2 orders → KOC
        // Q 2 orders, last 91 days ago, spend 1000 ≥ 800 → 高价值; S 2 orders in 365d, last 11 days ago, level 3 → 高价值
        // R 1 order → 普通; T no orders → 普通
        assertThat(ModelFixture.column(p, "beauty_tier")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "P", "KOC", "Q", "高价值", "R", "普通", "S", "高价值", "T", "普通"));
        assertThat(ModelFixture.column(p, "beauty_tier_label")).containsEntry("P", "共创新品, 专属社群, 内容激励")
                .containsEntry("Q", "会员权益升级, 专属顾问").containsEntry("T", "首单转化与复购引导");
        // koc_candidates: 高价值 with percentile ≥ .9 — Q .5 and S .25 are not
        assertThat(ModelFixture.members(p, "koc_candidates")).isEmpty();
    }

    @Test
    void report_gives_count_total_spend_and_arpu_per_tier_in_rule_order() {
        LayerReport report = LayerReport.of(evaluate());
        // spend = all paid orders up to as-of: P 3000; Q 1000, S 5000+100+100 = 5200; R 1000, T 0
        LayerReport.Layer tier = report.tiers().get(0);
        assertThat(tier.name()).isEqualTo("beauty_tier");
        assertThat(tier.rows()).extracting(LayerReport.Row::value).containsExactly("KOC", "高价值", "普通");
        assertThat(tier.rows()).extracting(LayerReport.Row::count).containsExactly(1L, 2L, 2L);
        assertThat(tier.rows()).extracting(LayerReport.Row::totalSpend).containsExactly(3000.0, 6200.0, 1000.0);
        assertThat(tier.rows()).extracting(LayerReport.Row::arpu).containsExactly(3000.0, 3100.0, 500.0);
    }
}
