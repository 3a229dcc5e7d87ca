package io.siyu.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siyu.facts.Dataset;
import io.siyu.facts.DatasetBuilder;
import io.siyu.facts.Facts;
import io.siyu.facts.PersonRef;
import io.siyu.identity.IdentityOptions;
import io.siyu.model.ModelParser;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Incremental equals batch: for random fact streams, every example model and random as-of
 * instants, applying the facts one at a time and then refreshing population values gives exactly
 * the values a batch run over the same facts gives. Seeded, so a failure names its trial.
 */
class LiveEngineTest {
    private static final List<String> MODELS = List.of("rfm-8", "rfm-11", "lifecycle", "aipl", "auto-leads",
            "beauty-tiers", "bakery-values", "hotpot-quadrants", "repurchase-reminder");
    private static final String[] EVENT_TYPES = {"page_view", "ad_click", "favorite", "add_to_cart", "group_join",
            "moments_read", "moments_link_click", "activity_join", "article_read", "store_visit", "test_drive_form",
            "share", "invite", "like", "comment", "checkin", "post_content", "group_message", "moments_like",
            "moments_comment", "scan_qr", "lead_graded"};
    private static final String[] TEXTS = {"快吃完了", "谢谢", "同事问这是什么牌子", "还没吃完呢"};

    /** One random stream: customers first, then facts; {@code fact} feeds either engine. */
    private record Stream(List<Facts.Customer> customers, List<Object> facts, Instant asOf, String model) {}

    private static Stream randomStream(SplittableRandom r) {
        LocalDate asOfDate = LocalDate.of(2024, 1, 1).plusDays(r.nextInt(900));
        Instant asOf = ModelFixture.endOf(asOfDate.toString());
        long span = 700L * 86_400;
        int n = 2 + r.nextInt(20);
        List<Facts.Customer> customers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("registered_at", asOfDate.minusDays(r.nextInt(400)).toString());
            a.put("member_level", Integer.toString(1 + r.nextInt(5)));
            a.put("followers", Integer.toString(r.nextInt(3000)));
            a.put("xhs_followers", Integer.toString(r.nextInt(1500)));
            a.put("bought", Boolean.toString(r.nextInt(4) == 0));
            customers.add(new Facts.Customer(String.format("c%02d", i), a));
        }
        List<Object> facts = new ArrayList<>();
        int count = r.nextInt(120);
        for (int f = 0; f < count; f++) {
            PersonRef who = PersonRef.customer(String.format("c%02d", r.nextInt(n)));
            long at = asOf.getEpochSecond() - (r.nextInt(5) == 0 ? r.nextLong(40L * 86_400) : r.nextLong(span));
            switch (r.nextInt(3)) {
                case 0 -> facts.add(new Facts.Order("o" + f, who, at, Math.round(r.nextDouble() * 50000) / 100.0,
                        r.nextInt(10) == 0 ? "refunded" : "paid", null, null, null));
                case 1 -> {
                    Map<String, String> props = new LinkedHashMap<>();
                    props.put("article_id", "a" + r.nextInt(12));
                    props.put("grade", new String[] {"S", "A", "B", "C", "Z"}[r.nextInt(5)]);
                    facts.add(new Facts.Event("e" + f, who, at, EVENT_TYPES[r.nextInt(EVENT_TYPES.length)], props));
                }
                default -> facts.add(new Facts.Message("m" + f, who, at, TEXTS[r.nextInt(TEXTS.length)],
                        r.nextBoolean() ? "in" : "out", "private", null, null));
            }
        }
        return new Stream(customers, facts, asOf, MODELS.get(r.nextInt(MODELS.size())));
    }

    private static void feed(Object fact, Consumer<Facts.Order> order, Consumer<Facts.Event> event, Consumer<Facts.Message> message) {
        if (fact instanceof Facts.Order o) {
            order.accept(o);
        } else if (fact instanceof Facts.Event e) {
            event.accept(e);
        } else {
            message.accept((Facts.Message) fact);
        }
    }

    private static String personOf(Object fact) {
        PersonRef p = fact instanceof Facts.Order o ? o.person() : fact instanceof Facts.Event e ? e.person() : ((Facts.Message) fact).person();
        return p.value();
    }

    private static void applyAll(LiveEngine live, List<Object> facts) {
        for (Object f : facts) {
            feed(f, o -> assertThat(live.apply(o).applied()).isTrue(), e -> assertThat(live.apply(e).applied()).isTrue(),
                    m -> assertThat(live.apply(m).applied()).isTrue());
        }
    }

    /** What a batch run over every customer and fact of the stream gives as of {@code asOf}: the reference. */
    private static Profiles batchRun(Stream s, CompiledModel model, Instant asOf) {
        DatasetBuilder all = new DatasetBuilder(ModelFixture.SHANGHAI, IdentityOptions.DEFAULT);
        s.customers().forEach(all::customer);
        s.facts().forEach(f -> feed(f, all::order, all::event, all::message));
        return new BatchEngine().evaluate(model, all.build(), asOf);
    }

    private static Map<String, CompiledModel> compiledModels() {
        Map<String, CompiledModel> models = new LinkedHashMap<>();
        MODELS.forEach(m -> models.put(m, ModelCompiler.compile(ModelParser.parse(ModelFixture.examples().resolve(m + ".yaml")))));
        return models;
    }

    @Test
    void applying_facts_one_at_a_time_equals_a_batch_run() {
        SplittableRandom random = new SplittableRandom(20261124);
        Map<String, CompiledModel> models = compiledModels();
        for (int trial = 0; trial < 300; trial++) {
            Stream s = randomStream(random);
            CompiledModel model = models.get(s.model());

            Profiles batch = batchRun(s, model, s.asOf());

            // some customers are loaded, the others arrive live (in random order) before their facts
            int loaded = random.nextInt(s.customers().size() + 1);
            DatasetBuilder customersOnly = new DatasetBuilder(ModelFixture.SHANGHAI, IdentityOptions.DEFAULT);
            s.customers().subList(0, loaded).forEach(customersOnly::customer);
            Dataset start = customersOnly.build();
            LiveFacts liveFacts = new LiveFacts(start, ModelFixture.SHANGHAI);
            LiveEngine live = new LiveEngine(model, liveFacts, s.asOf());
            List<Facts.Customer> late = new ArrayList<>(s.customers().subList(loaded, s.customers().size()));
            java.util.Collections.shuffle(late, new java.util.Random(trial));
            for (Facts.Customer c : late) {
                int index = liveFacts.addCustomer(c, List.of(PersonRef.customer(c.customerId())));
                assertThat(index).isEqualTo(start.customers().size() - 1);
                live.customerAdded(index, c.attributes());
            }
            for (Object f : s.facts()) {
                feed(f, o -> assertThat(live.apply(o).applied()).isTrue(), e -> assertThat(live.apply(e).applied()).isTrue(),
                        m -> assertThat(live.apply(m).applied()).isTrue());
            }
            String context = "trial " + trial + ", model " + s.model() + ", as of " + s.asOf() + ", " + s.facts().size() + " facts";
            // a fact skips the aggregates it cannot change; recomputing every customer in full must then move nothing
            Profiles gated = live.profiles();
            for (int c = 0; c < gated.size(); c++) {
                List<String> before = new ArrayList<>();
                for (String column : gated.outputColumns()) {
                    before.add(gated.formatOutput(column, c));
                }
                assertThat(live.recomputed(c, "full recompute").changes()).as(context + ", customer " + c + " after skipping").isEmpty();
                List<String> after = new ArrayList<>();
                for (String column : gated.outputColumns()) {
                    after.add(gated.formatOutput(column, c));
                }
                assertThat(after).as(context + ", customer " + c + ": " + gated.outputColumns()).isEqualTo(before);
            }
            live.refreshPopulation();
            Profiles incremental = live.profiles();

            assertSameResults(incremental, batch, context + ", " + late.size() + " customers added live");
        }
    }

    private static void assertSameResults(Profiles incremental, Profiles batch, String context) {
        assertThat(incremental.stats()).as(context).isEqualTo(batch.stats());
        assertThat(incremental.size()).as(context).isEqualTo(batch.size());
        for (String column : batch.outputColumns()) {
            for (int c = 0; c < batch.size(); c++) {
                int i = incremental.customers().indexOf(batch.customers().id(c));
                assertThat(incremental.formatOutput(column, i)).as(context + ", " + column + " of " + batch.customers().id(c))
                        .isEqualTo(batch.formatOutput(column, c));
            }
        }
        for (int c = 0; c < batch.size(); c++) {
            int i = incremental.customers().indexOf(batch.customers().id(c));
            assertThat(incremental.spend().get(i)).as(context + ", spend").isEqualTo(batch.spend().get(c));
        }
    }

    /** The midnight day change: time-relative values move without reloading a single fact. */
    @Test
    void an_engine_moved_to_a_later_day_equals_a_batch_run_as_of_that_day() {
        SplittableRandom random = new SplittableRandom(20261128);
        Map<String, CompiledModel> models = compiledModels();
        for (int trial = 0; trial < 200; trial++) {
            Stream s = randomStream(random);
            CompiledModel model = models.get(s.model());
            Instant later = s.asOf().plus(java.time.Duration.ofDays(1 + random.nextInt(random.nextBoolean() ? 3 : 90)));

            Profiles batch = batchRun(s, model, later);

            // the first facts were loaded at start-up, the next arrived live before midnight, the last after it
            int loadedFacts = random.nextInt(s.facts().size() + 1);
            int beforeMidnight = loadedFacts + random.nextInt(s.facts().size() - loadedFacts + 1);
            // the last customers signed up live (after start-up, before their facts): they have the highest indexes
            int loadedCustomers = s.customers().size() - random.nextInt(3);
            java.util.Set<String> late = new java.util.HashSet<>();
            s.customers().subList(Math.max(0, loadedCustomers), s.customers().size()).forEach(c -> late.add(c.customerId()));
            DatasetBuilder start = new DatasetBuilder(ModelFixture.SHANGHAI, IdentityOptions.DEFAULT);
            s.customers().stream().filter(c -> !late.contains(c.customerId())).forEach(start::customer);
            s.facts().subList(0, loadedFacts).stream().filter(f -> !late.contains(personOf(f)))
                    .forEach(f -> feed(f, start::order, start::event, start::message));
            LiveFacts liveFacts = new LiveFacts(start.build(), ModelFixture.SHANGHAI);
            LiveEngine live = new LiveEngine(model, liveFacts, s.asOf());
            for (Facts.Customer c : s.customers()) {
                if (late.contains(c.customerId())) {
                    live.customerAdded(liveFacts.addCustomer(c, List.of(PersonRef.customer(c.customerId()))), c.attributes());
                }
            }
            applyAll(live, s.facts().subList(0, loadedFacts).stream().filter(f -> late.contains(personOf(f))).toList());
            applyAll(live, s.facts().subList(loadedFacts, beforeMidnight));
            boolean compacted = random.nextBoolean();
            if (compacted) { // the server folds the day's own tables back at midnight
                liveFacts.compact();
                assertThat(liveFacts.customersWithOwnFacts()).isEmpty();
            }
            LiveEngine moved = live.movedTo(later);
            applyAll(moved, s.facts().subList(beforeMidnight, s.facts().size()));
            moved.refreshPopulation();

            assertThat(moved.asOf()).isEqualTo(later);
            assertSameResults(moved.profiles(), batch, "trial " + trial + ", model " + s.model() + ", moved from " + s.asOf()
                    + " to " + later + ", facts loaded / live before / after: " + loadedFacts + " / " + (beforeMidnight - loadedFacts)
                    + " / " + (s.facts().size() - beforeMidnight) + (compacted ? ", compacted" : ""));
        }
        assertThatThrownBy(() -> new LiveEngine(models.get("rfm-8"), new DatasetBuilder(ModelFixture.SHANGHAI, IdentityOptions.DEFAULT).build(),
                Instant.parse("2024-06-01T00:00:00Z")).movedTo(Instant.parse("2024-05-31T00:00:00Z")))
                .hasMessageContaining("cannot move an engine back in time");
    }

    @Test
    void a_fact_reports_the_layers_it_moves_and_repeats_and_strangers_are_refused() {
        LiveEngine live = rfm8OverAAndB();
        assertThat(live.profiles().format("rfm_class", 0)).isEqualTo("无消费");

        long at = ModelFixture.endOf("2024-06-30").getEpochSecond();
        LiveEngine.Applied first = live.apply(new Facts.Order("2", PersonRef.customer("A"), at, 500, "paid", null, null, null));
        // A's first paid order: means are as of the last refresh (B only: R 30, F 1, M 100),
        // so A (R 1 < 30, F 1 not > 1, M 500 > 100) becomes 重要发展客户 at once
        assertThat(first.changes()).containsExactly(new LayerChange("A", "rfm_class", "无消费", "重要发展客户",
                ModelFixture.endOf("2024-07-01"), "order 2"));
        assertThat(live.apply(new Facts.Order("2", PersonRef.customer("A"), at, 500, "paid", null, null, null)).reason())
                .startsWith("repeat: orders id '2'");
        assertThat(live.apply(new Facts.Order("1", PersonRef.customer("A"), at, 5, "paid", null, null, null)).reason())
                .as("an id from the loaded data").startsWith("repeat");
        assertThat(live.apply(new Facts.Order("3", PersonRef.customer("Z"), at, 5, "paid", null, null, null)).reason())
                .startsWith("unknown customer customer_id:Z");
        // the refresh moves the means (now over A and B: R 15.5, F 1, M 300), which moves neither: A stays above
        // them in R and M, B (R 30, M 100, at the old means) below (a refresh that moves someone: the next test)
        assertThat(live.refreshPopulation()).isEmpty();
        assertThat(live.profiles().format("rfm_class", 0)).isEqualTo("重要发展客户");
        assertThat(live.profiles().format("rfm_class", 1)).isEqualTo("一般挽留客户");
    }

    @Test
    void a_population_refresh_reports_every_layer_it_moves_with_the_values_before_and_after() {
        Instant asOf = ModelFixture.endOf("2024-07-01");
        LiveEngine live = rfm8OverAAndB();
        // A's small order two months back pulls the means down (R 30 -> 45 days, M 100 -> 52.5) once refreshed,
        // so B — at the means before — is above them after: B moves at the refresh, not when A's order is applied
        live.apply(new Facts.Order("2", PersonRef.customer("A"), ModelFixture.endOf("2024-05-02").getEpochSecond(), 5, "paid",
                null, null, null));
        List<String> layers = ModelParser.parse(ModelFixture.examples().resolve("rfm-8.yaml")).definitions().stream().filter(io.siyu.model.Definition::isLayer)
                .map(io.siyu.model.Definition::name).toList();
        List<List<String>> before = List.of(values(live, layers, 0), values(live, layers, 1));

        List<LayerChange> refreshed = live.refreshPopulation();

        List<LayerChange> expected = new java.util.ArrayList<>();
        for (int c = 0; c < 2; c++) {
            List<String> after = values(live, layers, c);
            for (int i = 0; i < layers.size(); i++) {
                if (!after.get(i).equals(before.get(c).get(i))) {
                    expected.add(new LayerChange(c == 0 ? "A" : "B", layers.get(i), before.get(c).get(i), after.get(i), asOf,
                            "population refresh"));
                }
            }
        }
        assertThat(refreshed).as("every layer that moved, customer by customer, with its values before and after")
                .containsExactlyElementsOf(expected)
                .anyMatch(c -> c.customerId().equals("B") && c.layer().equals("rfm_class"));
        assertThat(live.refreshPopulation()).as("a second refresh over the same values moves nothing").isEmpty();
    }

    /** rfm-8 as of the end of 2024-07-01 over A (no order) and B (one paid order of 100 on 2024-06-01). */
    private static LiveEngine rfm8OverAAndB() {
        DatasetBuilder builder = new DatasetBuilder(ModelFixture.SHANGHAI, IdentityOptions.DEFAULT);
        builder.customer(new Facts.Customer("A", Map.of()));
        builder.customer(new Facts.Customer("B", Map.of()));
        builder.order(new Facts.Order("1", PersonRef.customer("B"), ModelFixture.endOf("2024-06-01").getEpochSecond(), 100,
                "paid", null, null, null));
        CompiledModel model = ModelCompiler.compile(ModelParser.parse(ModelFixture.examples().resolve("rfm-8.yaml")));
        return new LiveEngine(model, builder.build(), ModelFixture.endOf("2024-07-01"));
    }

    private static List<String> values(LiveEngine live, List<String> layers, int customer) {
        return layers.stream().map(layer -> live.profiles().format(layer, customer)).toList();
    }

    @Test
    void a_fact_that_moves_only_a_derived_value_no_layer_reads_updates_it_and_moves_no_layer() {
        CompiledModel model = ModelFixture.compile("""
                model: derived-only
                timezone: Asia/Shanghai
                traits:
                  paid_orders: { count: orders, where: status == 'paid' }
                  messages_in: { count: messages }
                derived:
                  orders_doubled: paid_orders * 2
                tags:
                  chatty: messages_in >= 2
                """);
        DatasetBuilder builder = new DatasetBuilder(ModelFixture.SHANGHAI, IdentityOptions.DEFAULT);
        builder.customer(new Facts.Customer("A", Map.of()));
        LiveEngine live = new LiveEngine(model, builder.build(), ModelFixture.endOf("2024-07-01"));
        long at = ModelFixture.endOf("2024-06-30").getEpochSecond();

        LiveEngine.Applied order = live.apply(new Facts.Order("1", PersonRef.customer("A"), at, 10, "paid", null, null, null));
        assertThat(order.applied()).isTrue();
        assertThat(order.changes()).isEmpty();
        assertThat(live.profiles().format("orders_doubled", 0)).isEqualTo("2");

        live.apply(new Facts.Message("m1", PersonRef.customer("A"), at, "在吗", "in", "private", null, null));
        LiveEngine.Applied second = live.apply(new Facts.Message("m2", PersonRef.customer("A"), at, "在吗", "in", "private", null, null));
        assertThat(second.changes()).extracting(LayerChange::layer, LayerChange::from, LayerChange::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("chatty", "false", "true"));
    }
}
