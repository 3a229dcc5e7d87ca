package io.siyu.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/rfm-11.yaml on seven buyers and two non-buyers, as of 2024-07-01 (end of day, Shanghai).
 * Seven buyers in five NTILE buckets: 7 = 5·1 + 2, so the bucket sizes are 2, 2, 1, 1, 1 (larger first).
 */
class Rfm11ExampleTest {
    @TempDir
    Path dir;

    private Profiles evaluate() {
        return new ModelFixture(dir)
                .file("customers.csv", "customer_id", "A", "B", "C", "D", "E", "F", "G", "H", "I")
                .file("orders.csv", new ModelFixture.Lines("order_id,customer_id,ordered_at,amount,status")
                        .add("A,2024-06-30,150,paid")
                        .add("A,2024-07-01T20:00:00,9999,refunded")     // refunded: neither R, F nor M
                        .add("B,2024-05-01,200,paid").add("B,2024-06-21,300,paid")
                        .add("C,2024-01-10,100,paid").add("C,2024-02-10,100,paid").add("C,2024-03-10,100,paid")
                        .add("C,2024-04-10,100,paid").add("C,2024-05-10,100,paid").add("C,2024-06-21,300,paid")
                        .add("D,2024-03-01,50,paid").add("D,2024-04-01,50,paid").add("D,2024-05-02,100,paid")
                        .add("E,2024-03-15,40,paid").add("E,2024-04-02,60,paid")
                        .add("E,2024-07-05,500,paid")                   // after as-of: ignored
                        .add("F,2024-06-01,100,paid")
                        .add("G,2023-02-01,800,paid").add("G,2023-03-01,800,paid").add("G,2023-04-01,800,paid")
                        .add("G,2023-05-01,800,paid").add("G,2023-06-01,800,paid").add("G,2023-07-01,1000,paid")
                        .add("H,2024-06-15,300,refunded")
                        .toArray())
                .evaluateExample("rfm-11", "2024-07-01");
    }

    @Test
    void raw_recency_frequency_and_monetary_count_only_paid_orders_up_to_as_of() {
        Profiles p = evaluate();
        // recency to 2024-07-01: A 06-30 → 1; B, C 06-21 → 10; F 06-01 → 30;
        // D 05-02 → (05-02→06-02 = 31) + (06-02→07-01 = 29) = 60;
        // E 04-02 → 30 + 31 + 29 = 90 (the 07-05 order is after as-of); G 2023-07-01 → 366 (leap year 2024)
        assertThat(ModelFixture.column(p, "recency_days")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "1", "B", "10", "C", "10", "D", "60", "E", "90", "F", "30", "G", "366", "H", "", "I", ""));
        assertThat(ModelFixture.column(p, "paid_orders")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "1", "B", "2", "C", "6", "D", "3", "E", "2", "F", "1", "G", "6", "H", "0", "I", "0"));
        // A 150; B 200+300; C 5·100+300; D 50+50+100; E 40+60; F 100; G 5·800+1000
        assertThat(ModelFixture.column(p, "paid_amount")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "150", "B", "500", "C", "800", "D", "200", "E", "100", "F", "100", "G", "5000", "H", "0", "I", "0"));
    }

    @Test
    void r_score_sorts_worst_to_best_with_ties_by_customer_id_and_larger_buckets_first() {
        Profiles p = evaluate();
        // worst→best (more days is worse): G 366, E 90, D 60, F 30, B 10, C 10 (tie: B before C), A 1
        // sizes 2,2,1,1,1: {G,E}→1, {D,F}→2, B→3, C→4, A→5 — the B/C tie straddles a boundary
        assertThat(ModelFixture.column(p, "r_score")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "5", "B", "3", "C", "4", "D", "2", "E", "1", "F", "2", "G", "1", "H", "", "I", ""));
    }

    @Test
    void f_score_sorts_worst_to_best_with_ties_by_customer_id_and_larger_buckets_first() {
        Profiles p = evaluate();
        // worst→best: A 1, F 1, B 2, E 2, D 3, C 6, G 6 (tie: C before G)
        // {A,F}→1, {B,E}→2, D→3, C→4, G→5
        assertThat(ModelFixture.column(p, "f_score")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "1", "B", "2", "C", "4", "D", "3", "E", "2", "F", "1", "G", "5", "H", "", "I", ""));
    }

    @Test
    void m_score_sorts_worst_to_best_with_ties_by_customer_id_and_larger_buckets_first() {
        Profiles p = evaluate();
        // worst→best: E 100, F 100 (tie: E before F), A 150, D 200, B 500, C 800, G 5000
        // {E,F}→1, {A,D}→2, B→3, C→4, G→5 (A's refunded 9999 would have made it the best)
        assertThat(ModelFixture.column(p, "m_score")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "2", "B", "3", "C", "4", "D", "2", "E", "1", "F", "1", "G", "5", "H", "", "I", ""));
    }

    @Test
    void each_customer_gets_the_first_matching_rfm_segment() {
        Profiles p = evaluate();
        // A r5 f1 m2: Champions..At Risk fail; New Customers (r==5, f==1)
        // B r3 f2 m3: Loyal needs f>=3; Potential needs r>=4; Promising needs f==1; Need Attention (r==3)
        // C r4 f4 m4: Champions
        // D r2 f3 m2: At Risk needs m>=3; About To Sleep needs f<=2; Hibernating (r==2)
        // E r1 f2 m1: Can't Lose / At Risk need f>=3; Hibernating needs r==2 or f>=3 → Lost
        // F r2 f1 m1: About To Sleep (r==2, f<=2)
        // G r1 f5 m5: Champions/Loyal need r>=3 → Can't Lose Them (r==1, f>=4, m>=4)
        // H (refunded only) and I (no orders): No Purchases
        assertThat(ModelFixture.column(p, "rfm_segment")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "New Customers", "B", "Need Attention", "C", "Champions", "D", "Hibernating", "E", "Lost",
                "F", "About To Sleep", "G", "Can't Lose Them", "H", "No Purchases", "I", "No Purchases"));
    }

    @Test
    void tags_and_segments_follow_the_scores_and_segments() {
        Profiles p = evaluate();
        // recent_buyer r>=4: A, C; frequent_buyer f>=4: C, G; big_spender m>=4: C, G
        assertThat(ModelFixture.members(p, "recent_buyer")).isEqualTo("A,C");
        assertThat(ModelFixture.members(p, "frequent_buyer")).isEqualTo("C,G");
        assertThat(ModelFixture.members(p, "big_spender")).isEqualTo("C,G");
        // champions_and_loyal: C (Champions), nobody Loyal; win_back: G (Can't Lose Them), nobody At Risk
        assertThat(ModelFixture.members(p, "champions_and_loyal")).isEqualTo("C");
        assertThat(ModelFixture.members(p, "win_back")).isEqualTo("G");
    }
}
