package io.siyu.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.siyu.facts.DatasetBuilder;
import io.siyu.facts.Facts;
import io.siyu.facts.PersonRef;
import io.siyu.identity.IdentityOptions;
import io.siyu.model.ModelParser;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Tables big enough to be scanned by several threads (over 200,000 rows) give the same traits as
 * computing each customer alone — for every aggregate, including those that collect values.
 */
class ParallelScanTest {
    @Test
    void a_parallel_scan_equals_per_customer_evaluation() {
        DatasetBuilder builder = new DatasetBuilder(ModelFixture.SHANGHAI, IdentityOptions.DEFAULT);
        builder.product(new Facts.Product("P1", "洗发水", "care", 50, 30));
        builder.product(new Facts.Product("P2", "零食", "food", 20, 7));
        int customers = 3_000;
        for (int c = 0; c < customers; c++) {
            builder.customer(new Facts.Customer("c" + c, Map.of()));
        }
        SplittableRandom r = new SplittableRandom(5);
        Instant asOf = ModelFixture.endOf("2024-07-01");
        for (int o = 0; o < 130_000; o++) {
            long at = asOf.getEpochSecond() - r.nextLong(300L * 86_400);
            String id = "o" + o;
            builder.order(new Facts.Order(id, PersonRef.customer("c" + r.nextInt(customers)), at, 10 + r.nextInt(90),
                    "paid", null, null, null));
            builder.orderItem(new Facts.OrderItem(id, r.nextBoolean() ? "P1" : "P2", 1 + r.nextInt(3), 10));
            builder.orderItem(new Facts.OrderItem(id, "P1", 1, 10));
        }
        var data = builder.build();
        assertThat(data.table("order_items").size()).isGreaterThan(200_000);
        CompiledModel model = ModelCompiler.compile(ModelParser.parse(ModelFixture.examples().resolve("repurchase-reminder.yaml")));
        Profiles batch = new BatchEngine().evaluate(model, data, asOf);
        // the live engine recomputes each touched customer alone, over their rows only
        LiveEngine live = new LiveEngine(model, data, asOf);
        for (int c = 0; c < customers; c += 37) {
            live.recomputed(c, "check");
            assertThat(live.profiles().format("next_due_at", c)).as("c" + c).isEqualTo(batch.format("next_due_at", c));
            assertThat(live.profiles().format("last_bought_at", c)).isEqualTo(batch.format("last_bought_at", c));
        }
    }
}
