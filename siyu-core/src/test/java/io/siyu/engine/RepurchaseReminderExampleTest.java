package io.siyu.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Next-due dates from order items × cycle days, worked out by hand, as of 2024-07-01. */
class RepurchaseReminderExampleTest {
    @TempDir
    Path dir;

    @Test
    void due_dates_follow_the_latest_purchase_of_each_product_times_quantity() {
        Profiles p = new ModelFixture(dir)
                .file("customers.csv", "customer_id", "A", "B", "C", "D", "E", "F")
                .file("products.csv", "sku,name,cycle_days", "CLEANSER,洁面乳,30", "SNACK,零食,14", "CAKE,蛋糕,")
                .file("orders.csv", "order_id,customer_id,ordered_at,amount",
                        "1,A,2024-06-01,69", "2,A,2024-06-20,59",
                        "3,B,2024-05-01,69", "4,B,2024-06-10,69",
                        "5,C,2024-03-01,138",
                        "6,D,2024-06-28,30",
                        "7,E,2024-06-05,69",
                        "8,F,2023-12-01,69")
                .file("order_items.csv", "order_id,sku,quantity",
                        "1,CLEANSER,1", "2,SNACK,1",
                        "3,CLEANSER,1", "4,CLEANSER,1",
                        "5,CLEANSER,2",
                        "6,CAKE,1",
                        "7,CLEANSER,1")
                .file("messages.csv", "message_id,customer_id,sent_at,text,direction",
                        "m1,E,2024-06-25T10:00:00,上次的洁面乳用得怎么样？,out")
                .evaluateExample("repurchase-reminder", "2024-07-01");
        // A: cleanser 06-01 + 30 = 07-01, snack 06-20 + 14 = 07-04 → earliest 07-01: due in 0 days
        // B: only the latest cleanser counts: 06-10 + 30 = 07-10 → 9 days
        // C: two units bought 03-01: + 60 days = 04-30 → 62 days overdue
        // D: cake has no cycle → no due date; E: 06-05 + 30 = 07-05 → 4 days; F: items unknown → none
        assertThat(ModelFixture.column(p, "days_until_due")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "0", "B", "9", "C", "-62", "D", "", "E", "4", "F", ""));
        assertThat(ModelFixture.column(p, "repurchase_status")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "7天内到期", "B", "30天内到期", "C", "久未回购", "D", "无周期商品", "E", "7天内到期", "F", "无周期商品"));
        assertThat(ModelFixture.members(p, "remind_now")).as("E is due too, but staff messaged them on 06-25: not disturbed").isEqualTo("A");
    }
}
