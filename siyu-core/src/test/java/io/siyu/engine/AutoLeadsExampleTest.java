package io.siyu.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/auto-leads.yaml as of 2024-07-01 (end of day, Shanghai). Windows: within 7d = 06-25..07-01;
 * within 30d = 06-02..07-01; points expire after 90d, so only events after 2024-04-02 23:59:59 count.
 * Points: moments_link_click 2 (≤ 6 a local day), activity_join 5, article_read 1 (≤ 5 a day), group_join 3,
 * store_visit 10; total ≤ 100.
 */
class AutoLeadsExampleTest {
    @TempDir
    Path dir;

    private Profiles evaluate() {
        ModelFixture.Lines events = new ModelFixture.Lines("event_id,customer_id,occurred_at,type,article_id,grade");
        // S1: visited, 44 points
        events.add("S1,2024-06-10T10:00:00,store_visit,,")
                .add(4, "S1,2024-06-20T10:00:00,moments_link_click,,")
                .add(2, "S1,2024-06-21T00:30:00,moments_link_click,,");  // a new local day (same UTC day as 06-20 10:00)
        for (int a = 1; a <= 7; a++) {
            events.add("S1,2024-06-22T10:00:00,article_read,a" + a + ",");
        }
        events.add("S1,2024-06-23T10:00:00,article_read,a1,")
                .add(3, "S1,2024-06-24T10:00:00,activity_join,,")
                .add("S1,2024-06-25T10:00:00,group_join,,");
        // S2: test-drive form 6 days back; X: form 7 days back (outside 7d), store visit after as-of
        events.add("S2,2024-06-25T09:00:00,test_drive_form,,")
                .add("X,2024-06-24T20:00:00,test_drive_form,,")
                .add("X,2024-07-02T00:30:00,store_visit,,");
        // H1: 45 points, added 8 days ago, never visited; F1: 20 points, added 7 days ago
        events.add(9, "H1,2024-06-24T10:00:00,activity_join,,")
                .add(4, "F1,2024-06-25T10:00:00,activity_join,,");
        // E1: a visit 89 days back counts; a visit and 3 clicks 90 days back have expired
        events.add("E1,2024-04-03T08:00:00,store_visit,,")
                .add("E1,2024-04-02T22:00:00,store_visit,,")
                .add(3, "E1,2024-04-02T22:00:00,moments_link_click,,");
        // CAP (owner): 11 visits 30 days back (outside 30d), 10 different articles then one repeated
        events.add(11, "CAP,2024-06-01T10:00:00,store_visit,,");
        for (int a = 1; a <= 10; a++) {
            events.add("CAP,2024-06-20T10:00:00,article_read,a" + a + ",");
        }
        events.add("CAP,2024-06-21T10:00:00,article_read,a1,");
        // OW2 (owner): 12 reads of 9 different articles on one day
        for (String a : new String[] {"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a1", "a1", "a2"}) {
            events.add("OW2,2024-06-28T10:00:00,article_read," + a + ",");
        }
        // G1: graded S, never visits → B 7 days after being added; G2: graded S, visits → S lapses to A after 7 days;
        // G3: graded A, an unknown grade is ignored, then a test-drive form lifts it to S
        events.add("G1,2024-06-21T10:00:00,lead_graded,,S")
                .add("G2,2024-06-21T10:00:00,lead_graded,,S").add("G2,2024-06-23T15:00:00,store_visit,,")
                .add("G3,2024-06-25T12:00:00,lead_graded,,A").add("G3,2024-06-26T12:00:00,lead_graded,,Z")
                .add("G3,2024-06-30T09:00:00,test_drive_form,,")
                .add("N0,2024-06-20T10:00:00,test_drive_form,,");
        return new ModelFixture(dir)
                .file("customers.csv", "customer_id,registered_at,car_model,bought",
                        "S1,2024-03-01,SUV,false", "S2,2024-01-01,轿车,false", "X,2024-01-01,SUV,false",
                        "H1,2024-06-23,SUV,false", "F1,2024-06-24,SUV,false", "E1,2023-01-01,SUV,false",
                        "CAP,2023-01-01,SUV,true", "OW2,2023-01-01,轿车,true", "C1,2024-05-31,SUV,false",
                        "B0,2024-06-01,SUV,false", "G1,2024-06-20,SUV,false", "G2,2024-06-20,SUV,false",
                        "G3,2024-06-25,SUV,false", "N0,,SUV,false")
                .file("events.csv", events.toArray())
                .evaluateExample("auto-leads", "2024-07-01");
    }

    @Test
    void behaviour_score_applies_daily_caps_per_local_day_the_total_cap_and_90_day_expiry() {
        Profiles p = evaluate();
        // S1: visit 10 + clicks 06-20 min(4·2, 6) = 6 + clicks 06-21 2·2 = 4 + reads 06-22 min(7, 5) = 5
        //     + read 06-23 1 + activities 3·5 = 15 + group 3 = 44
        // H1: 9·5 = 45; F1: 4·5 = 20; E1: only the visit of 04-03 → 10 (expired: 10 + 6 more)
        // CAP: 11·10 + min(10, 5) + 1 = 116 → capped at 100; OW2: 12 reads on one day → 5
        // S2, X: test_drive_form earns no points; C1, B0: no events
        assertThat(ModelFixture.column(p, "behaviour_score")).containsAllEntriesOf(Map.of(
                "S1", "44", "S2", "0", "X", "0", "H1", "45", "F1", "20", "E1", "10", "CAP", "100", "OW2", "5",
                "C1", "0", "B0", "0"));
        assertThat(ModelFixture.column(p, "behaviour_score")).containsEntry("G2", "10").containsEntry("G3", "0");
    }

    @Test
    void traits_count_visits_forms_in_7_days_distinct_articles_and_events_in_30_days() {
        Profiles p = evaluate();
        // store visits: all time up to as-of (X's visit is after as-of)
        assertThat(ModelFixture.column(p, "store_visits")).containsEntry("S1", "1").containsEntry("X", "0")
                .containsEntry("E1", "2").containsEntry("CAP", "11").containsEntry("H1", "0");
        assertThat(ModelFixture.column(p, "test_drive_forms_7d")).containsEntry("S2", "1").containsEntry("X", "0");
        // distinct article ids: S1 a1..a7 → 7; CAP a1..a10 → 10; OW2 a1..a9 → 9
        assertThat(ModelFixture.column(p, "articles_read")).containsEntry("S1", "7").containsEntry("CAP", "10")
                .containsEntry("OW2", "9").containsEntry("H1", "0");
        // S1 1 + 6 + 8 + 3 + 1 = 19; CAP 11 reads (visits of 06-01 are 30 days back); OW2 12; E1 0
        assertThat(ModelFixture.column(p, "events_30d")).containsEntry("S1", "19").containsEntry("CAP", "11")
                .containsEntry("OW2", "12").containsEntry("E1", "0");
        // S1 03-01 → 122; H1 8; F1 7; C1 31; B0 30; S2, X 2024-01-01 → 182
        assertThat(ModelFixture.column(p, "days_since_added")).containsEntry("S1", "122").containsEntry("H1", "8")
                .containsEntry("F1", "7").containsEntry("C1", "31").containsEntry("B0", "30").containsEntry("X", "182");
    }

    @Test
    void suggested_grade_s_by_form_or_score_but_a_stale_unvisited_lead_cannot_be_s_or_a() {
        Profiles p = evaluate();
        // S1 44 ≥ 40 but its visit (06-10) came 101 days after being added (03-01), not within 7 → B;
        // CAP 100 points, but its visits (2024-06-01) were long after being added (2023-01-01) → B; S2 form 6 days back → S; CAP see above
        // F1 20 ≥ 20, added 7 days ago (fresh) → A
        // H1 45 but added 8 days ago and never visited → neither S nor A → B (45 ≥ 5)
        // E1 10, OW2 5 → B; B0 0 but added 30 days ago → B
        // X form 7 days back is outside 7d, 0 points, added 182 days ago → C; C1 added 31 days ago → C
        assertThat(ModelFixture.column(p, "suggested_grade")).containsAllEntriesOf(Map.of(
                "S1", "B", "S2", "S", "CAP", "B", "F1", "A", "H1", "B", "E1", "B", "OW2", "B", "B0", "B",
                "X", "C", "C1", "C"));
        assertThat(ModelFixture.column(p, "suggested_grade_label")).containsEntry("S2", "7 天内到店试驾 — 销售立即电话邀约")
                .containsEntry("F1", "15 天内到店 — 销售 1 对 1 跟进").containsEntry("H1", "30 天内到店 — 拉入车友粉丝群培育")
                .containsEntry("X", "暂无到店意向 — 低频内容触达");
    }

    @Test
    void lead_grade_stage_moves_up_only_on_forms_and_visits_and_down_only_with_time() {
        Profiles p = evaluate();
        // every lead starts at B when added; B lapses to C after 30 days, A to B after 15, S to A after 7 —
        // each timer at the first midnight at or after it falls due
        // S1: C on 03-31, visit 06-10 → A, A due to lapse 06-25 10:00 → B at 06-26 00:00
        // S2: C on 01-31, form 06-25 09:00 → S (lapses 07-03); X: form 06-24 20:00 → S, due to lapse 07-01 20:00,
        //     which fires at 07-02 00:00, after the as-of → still S
        // H1, F1: added in the last 30 days → still B; B0 added 06-01 → C at 07-01 00:00; C1 → C on 06-30
        // E1: visits 04-02 and 04-03 → A from 04-03 08:00, B at 04-19 00:00, C at 05-19 00:00
        // CAP: visits 06-01 10:00 → A, B at 06-17 00:00; OW2: C since 2023-01-31
        // G1: graded S 06-21, no visit within 7 days of being added (06-20) → B on 06-27 00:00
        // G2: graded S 06-21, visited 06-23 (a visit cannot lower S) → S due to lapse 06-28 10:00 → A at 06-29 00:00
        // G3: graded A 06-25, 'Z' is not a grade, form 06-30 → S
        Map<String, String> grade = ModelFixture.column(p, "lead_grade");
        assertThat(grade).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("S1", "B"), Map.entry("S2", "S"), Map.entry("X", "S"), Map.entry("H1", "B"), Map.entry("F1", "B"),
                Map.entry("B0", "C"), Map.entry("C1", "C"), Map.entry("E1", "C"), Map.entry("CAP", "B"), Map.entry("OW2", "C"),
                Map.entry("G1", "B"), Map.entry("G2", "A"), Map.entry("G3", "S"), Map.entry("N0", "B")));
        // N0 has no registered_at: its first form (06-20 10:00) counts as being added; no visit in 7 days → B
        assertThat(ModelFixture.column(p, "lead_grade_since").get("N0")).startsWith("2024-06-28T00:00");
        Map<String, String> since = ModelFixture.column(p, "lead_grade_since");
        assertThat(since.get("S1")).startsWith("2024-06-26T00:00");
        assertThat(since.get("X")).startsWith("2024-06-24T20:00");
        assertThat(since.get("E1")).startsWith("2024-05-19T00:00");
        assertThat(since.get("CAP")).startsWith("2024-06-17T00:00");
        assertThat(since.get("G1")).startsWith("2024-06-27T00:00");
        assertThat(since.get("G2")).startsWith("2024-06-29T00:00");
        assertThat(since.get("G3")).startsWith("2024-06-30T09:00");
        assertThat(since.get("OW2")).startsWith("2023-01-31T00:00");
        assertThat(ModelFixture.column(p, "lead_grade_label")).containsEntry("G3", "7 天内到店试驾 — 销售立即电话邀约")
                .containsEntry("G1", "30 天内到店 — 拉入车友粉丝群培育");
    }

    @Test
    void tags_and_segments_for_owners_admins_sales_and_fans_group() {
        Profiles p = evaluate();
        assertThat(ModelFixture.members(p, "owner")).isEqualTo("CAP,OW2");
        // CAP: bought, 10 articles, 11 events in 30d; OW2 only 9 different articles
        assertThat(ModelFixture.members(p, "group_admin_candidate")).isEqualTo("CAP");
        // lead_grade S and not bought
        assertThat(ModelFixture.members(p, "notify_sales_now")).isEqualTo("G3,S2,X");
        // not bought, added > 7 days ago, no visit: B0, C1, H1, S2, X (F1 added 7 days ago; S1, E1 visited)
        // G1, G2, G3 added 06-20/06-25: G1 8 days, no visit → invited; G2 visited; G3 added 6 days ago
        assertThat(ModelFixture.members(p, "invite_to_fans_group")).isEqualTo("B0,C1,G1,H1,S2,X");
    }
}
