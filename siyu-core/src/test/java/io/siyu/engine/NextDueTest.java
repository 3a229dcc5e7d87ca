package io.siyu.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.siyu.facts.NumberColumn;
import io.siyu.facts.StringColumn;
import io.siyu.facts.TimeColumn;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** 复购提醒 (C6): when each customer next runs out, from their order lines and the products' cycle_days. */
class NextDueTest {
    private static final long DAY = 86_400L;

    private final StringColumn sku = new StringColumn("sku", 8);
    private final NumberColumn quantity = new NumberColumn("quantity", 8);
    private final NumberColumn cycleDays = new NumberColumn("cycle_days", 8);

    private int line(String product, double qty, double cycle) {
        sku.append(product);
        quantity.append(qty);
        cycleDays.append(cycle);
        return sku.size() - 1;
    }

    @Test
    void the_latest_purchase_of_each_product_counts_and_the_product_that_runs_out_first_sets_the_date() {
        TraitAggregator.NextDue due = new TraitAggregator.NextDue("next_due_at", sku, quantity, cycleDays, 4, ZoneId.of("Asia/Shanghai"));
        // customer 0: rice bought twice (the later purchase counts), tea once — tea runs out first
        due.add(0, line("rice", 1, 30), 0);
        due.add(0, line("rice", 2, 30), 10 * DAY);
        due.add(0, line("tea", 1, 20), 5 * DAY);
        // customer 1: the quantity multiplies the cycle; a missing quantity counts as one
        due.add(1, line("rice", 3, 30), 0);
        due.add(2, line("tea", Double.NaN, 20), DAY);
        // customer 3: a product without cycle_days, and a line without a product, say nothing
        due.add(3, line("gift card", 1, Double.NaN), 0);
        sku.append(null);
        quantity.append(1);
        cycleDays.append(30);
        due.add(3, sku.size() - 1, 0);

        TimeColumn out = (TimeColumn) due.finish();
        assertThat(out.get(0)).as("tea: day 5 + 20").isEqualTo(25 * DAY);
        assertThat(out.get(1)).as("3 × 30 days").isEqualTo(90 * DAY);
        assertThat(out.get(2)).isEqualTo(21 * DAY);
        assertThat(out.get(3)).isEqualTo(TimeColumn.NULL);
    }

    @Test
    void a_later_purchase_moves_the_date_even_when_it_is_of_a_smaller_quantity() {
        TraitAggregator.NextDue due = new TraitAggregator.NextDue("next_due_at", sku, quantity, cycleDays, 1, ZoneId.of("Asia/Shanghai"));
        due.add(0, line("rice", 4, 30), 0);
        due.add(0, line("rice", 1, 30), 100 * DAY);
        assertThat(((TimeColumn) due.finish()).get(0)).isEqualTo(130 * DAY);
    }

    @Test
    void two_lines_of_one_product_in_the_same_order_add_up() {
        TraitAggregator.NextDue due = new TraitAggregator.NextDue("next_due_at", sku, quantity, cycleDays, 1, ZoneId.of("Asia/Shanghai"));
        due.add(0, line("rice", 5, 30), 0);
        due.add(0, line("rice", 1, 30), 10 * DAY); // a promotion line and a regular line of the same rice
        due.add(0, line("rice", 2, 30), 10 * DAY);
        assertThat(((TimeColumn) due.finish()).get(0)).isEqualTo(100 * DAY);
    }
}
