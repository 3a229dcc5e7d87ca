package io.siyu.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.siyu.engine.CompiledModel;
import io.siyu.engine.LiveEngine;
import io.siyu.engine.ModelCompiler;
import io.siyu.facts.DatasetBuilder;
import io.siyu.facts.Facts;
import io.siyu.facts.PersonRef;
import io.siyu.facts.Timestamps;
import io.siyu.identity.IdentityOptions;
import io.siyu.model.ModelException;
import io.siyu.model.ModelParser;
import io.siyu.scenario.ScenarioDetector;
import io.siyu.scenario.ScenarioRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Facts in, tasks and messages out: the shipped playbooks driven through the live engine. */
class PlaybookTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instant AS_OF = LocalDate.of(2024, 7, 1).plusDays(1).atStartOfDay(SHANGHAI).toInstant().minusSeconds(1);

    private static Path examples() {
        Path p = Path.of("examples");
        return Files.isDirectory(p) ? p : Path.of("../examples");
    }

    private static long at(String localTime) {
        return Timestamps.parse(localTime, SHANGHAI);
    }

    /** Customers (id → attributes) and earlier facts, a model, its playbooks: ready to take facts. */
    private static Operations operations(String model, List<Playbook> extra, Map<String, Map<String, String>> customers,
                                         List<Facts.Order> history, String... playbooks) {
        CompiledModel compiled = ModelCompiler.compile(ModelParser.parse(examples().resolve(model + ".yaml")));
        DatasetBuilder builder = new DatasetBuilder(SHANGHAI, IdentityOptions.DEFAULT);
        customers.forEach((id, attributes) -> builder.customer(new Facts.Customer(id, attributes)));
        history.forEach(builder::order);
        LiveEngine engine = new LiveEngine(compiled, builder.build(), AS_OF);
        List<Playbook> all = new java.util.ArrayList<>(extra);
        for (String p : playbooks) {
            all.add(PlaybookParser.parse(examples().resolve("playbooks").resolve(p + ".yaml"), compiled));
        }
        return new Operations(engine, new ScenarioDetector(ScenarioRules.shipped()), new PlaybookRunner(all, new ContactLedger()));
    }

    private static Map<String, String> attrs(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void a_test_drive_form_gives_the_owner_a_task_at_once_and_only_once() {
        Operations ops = operations("auto-leads", List.of(), Map.of("L1", attrs("name", "王伟", "owner_staff_id", "S7",
                "car_model", "SUV-X", "bought", "false", "registered_at", "2024-06-28")), List.of(), "c1-leads");
        Facts.Event form = new Facts.Event("e1", PersonRef.customer("L1"), at("2024-07-01T10:00:00"), "test_drive_form", Map.of());
        Operations.Result result = ops.event(form);
        // the form itself, and (a form in the last 7 days) the lead becoming S
        assertThat(result.outcomes()).containsExactly(
                new Outcome.Task("01719799200:event:e1:c1-leads@1:test_drive_form:0:L1", "c1-leads", "test_drive_form", "L1", "S7",
                        "王伟 提交了试驾表单（SUV-X）— 立即电话邀约到店试驾", Instant.ofEpochSecond(form.occurredAt()),
                        Instant.ofEpochSecond(form.occurredAt()).plus(Duration.ofMinutes(30))),
                new Outcome.Task("01719799200:event:e1:c1-leads@1:became_s:0:L1", "c1-leads", "became_s", "L1", "S7",
                        "王伟 升为 S 级线索（行为分 0）— 7 天内邀约试驾", Instant.ofEpochSecond(form.occurredAt()),
                        Instant.ofEpochSecond(form.occurredAt()).plus(Duration.ofHours(4))));
        Operations.Result again = ops.event(form);
        assertThat(again.applied().applied()).isFalse();
        assertThat(again.outcomes()).as("redelivery produces nothing twice").isEmpty();
    }

    @Test
    void a_placeholder_without_a_value_takes_its_stand_in_text() {
        Operations ops = operations("auto-leads", List.of(), Map.of("L2", attrs("name", "李娟", "owner_staff_id", "S7",
                "bought", "false", "registered_at", "2024-06-28")), List.of(), "c1-leads");
        Operations.Result result = ops.event(new Facts.Event("e2", PersonRef.customer("L2"), at("2024-07-01T10:00:00"), "test_drive_form",
                Map.of()));
        assertThat(result.outcomes()).first().isInstanceOfSatisfying(Outcome.Task.class,
                t -> assertThat(t.reason()).isEqualTo("李娟 提交了试驾表单（意向车型未填）— 立即电话邀约到店试驾"));
    }

    @Test
    void almost_finished_gets_the_repurchase_message_and_not_finished_gets_nothing() {
        Operations ops = operations("rfm-8", List.of(), Map.of("A", attrs("name", "李娜", "owner_staff_id", "S1")),
                List.of(new Facts.Order("o1", PersonRef.customer("A"), at("2024-06-01T12:00:00"), 99, "paid", null, null, null)),
                "c5-scenarios");
        Operations.Result quiet = ops.message(new Facts.Message("m1", PersonRef.customer("A"), at("2024-07-01T10:00:00"),
                "还没吃完呢", "in", "private", null, null));
        assertThat(quiet.scenarios()).isEmpty();
        assertThat(quiet.outcomes()).isEmpty();
        Operations.Result due = ops.message(new Facts.Message("m2", PersonRef.customer("A"), at("2024-07-01T10:05:00"),
                "快吃完了", "in", "private", null, null));
        assertThat(due.scenarios()).containsExactly("repurchase");
        assertThat(due.outcomes()).singleElement().isInstanceOfSatisfying(Outcome.Message.class, m -> {
            assertThat(m.channel()).isEqualTo("log");
            assertThat(m.text()).isEqualTo("李娜您好，看到您说快用完了，已为您准备好原组合的复购优惠，回复 1 即可下单");
        });
        Operations.Result referral = ops.message(new Facts.Message("m3", PersonRef.customer("A"), at("2024-07-01T11:00:00"),
                "同事过来问这是什么牌子", "in", "private", null, null));
        assertThat(referral.outcomes()).singleElement().isInstanceOfSatisfying(Outcome.Task.class,
                t -> assertThat(t.staffId()).isEqualTo("S1"));
        assertThat(due.passedOver()).isEmpty();
    }

    @Test
    void a_rule_whose_condition_does_not_hold_says_why_it_did_nothing() {
        Operations ops = operations("rfm-8", List.of(), Map.of("N", attrs("name", "新客")), List.of(), "c5-scenarios");
        Operations.Result r = ops.message(new Facts.Message("m1", PersonRef.customer("N"), at("2024-07-01T10:00:00"),
                "快吃完了", "in", "private", null, null));
        assertThat(r.scenarios()).containsExactly("repurchase");
        assertThat(r.outcomes()).isEmpty();
        assertThat(r.passedOver()).singleElement().satisfies(p -> {
            assertThat(p.playbook()).isEqualTo("c5-scenarios@1");
            assertThat(p.rule()).isEqualTo("repurchase");
            assertThat(p.why()).startsWith("`paid_orders >= 1` (").endsWith("c5-scenarios.yaml:9:9) does not hold: paid_orders = 0");
        });
        Operations.Result quiet = ops.message(new Facts.Message("m2", PersonRef.customer("N"), at("2024-07-01T10:05:00"),
                "还没吃完呢", "in", "private", null, null));
        assertThat(quiet.passedOver()).as("no trigger matched: nothing to explain").isEmpty();
    }

    @Test
    void the_contact_policy_blocks_with_a_reason_instead_of_dropping() {
        Operations night = operations("rfm-8", List.of(), Map.of(
                        "A", attrs("name", "甲"), "D", attrs("name", "乙", "do_not_contact", "true")),
                List.of(new Facts.Order("o1", PersonRef.customer("A"), at("2024-06-01T12:00:00"), 99, "paid", null, null, null),
                        new Facts.Order("o2", PersonRef.customer("D"), at("2024-06-01T12:00:00"), 99, "paid", null, null, null)),
                "c5-scenarios");
        Operations.Result late = night.message(new Facts.Message("m1", PersonRef.customer("A"), at("2024-07-01T23:30:00"),
                "快吃完了", "in", "private", null, null));
        assertThat(late.outcomes()).singleElement().isInstanceOfSatisfying(Outcome.Blocked.class,
                b -> assertThat(b.reason()).startsWith("quiet hours 21:00–09:00 in Asia/Shanghai (it is 23:30)"));
        Operations.Result dnc = night.message(new Facts.Message("m2", PersonRef.customer("D"), at("2024-07-01T10:00:00"),
                "快用完了", "in", "private", null, null));
        assertThat(dnc.outcomes()).singleElement().isInstanceOfSatisfying(Outcome.Blocked.class,
                b -> assertThat(b.reason()).startsWith("do not contact"));

        CompiledModel rfm8 = ModelCompiler.compile(ModelParser.parse(examples().resolve("rfm-8.yaml")));
        Playbook twice = PlaybookParser.parse("twice.yaml", String.join("\n",
                "playbook: twice", "contact_policy: { max_per_channel: { log: 1 }, window: 7d, quiet_hours: \"00:00-00:00\", dedup: 1d }",
                "rules:",
                "  first: { on: { scenario: repurchase }, do: [ { message: { channel: log, text: 一 } } ] }",
                "  second: { on: { scenario: repurchase }, do: [ { message: { channel: log, text: 二 } } ] }"), rfm8);
        Operations capped = operations("rfm-8", List.of(twice), Map.of("A", attrs("name", "甲")), List.of());
        List<Outcome> outcomes = capped.message(new Facts.Message("m1", PersonRef.customer("A"), at("2024-07-01T10:00:00"),
                "快吃完了", "in", "private", null, null)).outcomes();
        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0)).isInstanceOf(Outcome.Message.class);
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(Outcome.Blocked.class, b -> assertThat(b.reason())
                .isEqualTo("frequency cap: 1 contacts on 'log' in the last 7 days (at most 1)"));
    }

    @Test
    void old_diners_scanning_the_table_code_get_a_fruit_plate_and_payers_an_offer() {
        Operations ops = operations("hotpot-quadrants", List.of(), Map.of(
                        "OLD", attrs("name", "老张", "owner_staff_id", "W3", "registered_at", "2023-01-01"),
                        "NEW", attrs("name", "小李", "owner_staff_id", "W3", "registered_at", "2024-06-20")),
                List.of(new Facts.Order("o1", PersonRef.customer("OLD"), at("2024-05-01T19:00:00"), 160, "paid", null, null, "T2")),
                "c4-hotpot");
        Operations.Result old = ops.event(new Facts.Event("e1", PersonRef.customer("OLD"), at("2024-07-01T18:00:00"), "scan_qr",
                Map.of("table_id", "T9")));
        assertThat(old.outcomes()).singleElement().isInstanceOfSatisfying(Outcome.Task.class,
                t -> assertThat(t.reason()).isEqualTo("老客 老张 入座 — 为这桌送上一份果盘"));
        assertThat(ops.event(new Facts.Event("e2", PersonRef.customer("NEW"), at("2024-07-01T18:00:00"), "scan_qr",
                Map.of("table_id", "T1"))).outcomes()).isEmpty();
        Operations.Result pay = ops.event(new Facts.Event("e3", PersonRef.customer("OLD"), at("2024-07-01T19:30:00"), "scan_pay", Map.of()));
        // an old diner with a 160 bill: the instant discount and the 200 stored-value plan (≤ 180 → 200)
        assertThat(pay.outcomes()).extracting(o -> ((Outcome.Offer) o).kind() + ": " + ((Outcome.Offer) o).text())
                .containsExactly("discount: 老张，老客买单立减 10%", "stored_value: 按您平均每次 160 元的账单，推荐储值200，储值更优惠");
        // a new diner: the new-customer coupon, no stored-value plan before a first bill
        assertThat(ops.event(new Facts.Event("e4", PersonRef.customer("NEW"), at("2024-07-01T19:40:00"), "scan_pay", Map.of()))
                .outcomes()).extracting(o -> ((Outcome.Offer) o).kind() + ": " + ((Outcome.Offer) o).text())
                .containsExactly("coupon: 小李，新客专享：本次买单立领 20 元券");
    }

    @Test
    void playbook_mistakes_are_reported_against_the_model() {
        CompiledModel leads = ModelCompiler.compile(ModelParser.parse(examples().resolve("auto-leads.yaml")));
        ModelException e = catchThrowableOfType(ModelException.class, () -> PlaybookParser.parse("p.yaml", String.join("\n",
                "playbook: p",
                "rules:",
                "  a:",
                "    on: { enter: lead_grade=X }",
                "    do: [ { task: { reason: \"{nmae}\", due: 1h } } ]",
                "  b:",
                "    on: { evnt: x }",
                "    if: behaviour_scor > 1",
                "    do: [ { message: { channel: log, text: hi } } ]"), leads));
        assertThat(e.issues()).extracting(i -> i.line() + ":" + i.message()).containsExactly(
                "4:'lead_grade=X' is not a value of stage 'lead_grade'",
                "5:unknown value '{nmae}' in the template",
                "7:unknown trigger 'evnt'",
                "8:unknown name 'behaviour_scor'");
        assertThat(e.issues().get(0).hint()).isEqualTo("write lead_grade=<value>, one of: S, A, B, C");
    }

    @Test
    void what_looks_like_a_placeholder_but_is_not_one_is_reported() {
        CompiledModel leads = ModelCompiler.compile(ModelParser.parse(examples().resolve("auto-leads.yaml")));
        for (String text : List.of("{name |先生}您好", "{ name}您好", "{name|您好 {car_model}}")) {
            ModelException e = catchThrowableOfType(ModelException.class, () -> PlaybookParser.parse("p.yaml", String.join("\n",
                    "playbook: p",
                    "rules:",
                    "  a:",
                    "    on: { event: visit }",
                    "    do: [ { message: { channel: log, text: \"" + text + "\" } } ]"), leads));
            assertThat(e).as(text).isNotNull();
            assertThat(e.issues()).as(text).extracting(i -> i.line() + ":" + i.message()).singleElement().asString()
                    .startsWith("5:'{").endsWith("…' in the template is not a placeholder");
        }
        assertThat(PlaybookParser.parse("p.yaml", String.join("\n", "playbook: p", "rules:", "  a:", "    on: { event: visit }",
                "    do: [ { message: { channel: log, text: \"{name|您好}，{car_model}\" } } ]"), leads)).isNotNull();
    }

    @Test
    void invitations_tags_webhooks_and_weekly_schedules_come_out_of_their_rules() {
        CompiledModel leads = ModelCompiler.compile(ModelParser.parse(examples().resolve("auto-leads.yaml")));
        Playbook playbook = PlaybookParser.parse("ops.yaml", String.join("\n",
                "playbook: ops",
                "model: auto-leads",
                "version: 2",
                "channels:",
                "  wecom: { webhook: \"http://127.0.0.1:9/wecom\", headers: { X-Token: t0k } }",
                "rules:",
                "  visited:",
                "    on: { event: store_visit }",
                "    do:",
                "      - invite: { group: \"{car_model} 车主群\", channel: wecom }",
                "      - tag: { add: 到店客户 }",
                "      - webhook: { url: \"http://127.0.0.1:9/crm\", body: \"{name} 到店\" }",
                "  monday_calls:",
                "    on: { schedule: \"0 9 * * MON\" }",
                "    if: lead_grade == 'A'",
                "    do: [ { task: { reason: \"本周跟进 {name}（{lead_grade} 级）\", due: 1d } } ]"), leads);
        assertThat(playbook.channel("wecom")).isEqualTo(new Playbook.Channel("wecom", "http://127.0.0.1:9/wecom", Map.of("X-Token", "t0k")));
        assertThat(playbook.channel("log").isLog()).isTrue();
        Operations ops = operations("auto-leads", List.of(playbook), Map.of(
                "L1", attrs("name", "王伟", "owner_staff_id", "S7", "car_model", "SUV-X", "bought", "false", "registered_at", "2024-06-28"),
                "L2", attrs("name", "李娜", "owner_staff_id", "S7", "car_model", "轿车", "bought", "false", "registered_at", "2024-06-01")),
                List.of());
        Instant visitAt = Instant.ofEpochSecond(at("2024-07-01T10:00:00"));
        List<Outcome> visit = ops.event(new Facts.Event("v1", PersonRef.customer("L1"), visitAt.getEpochSecond(), "store_visit",
                Map.of())).outcomes();
        assertThat(visit).containsExactly(
                new Outcome.Invite("01719799200:event:v1:ops@2:visited:0:L1", "ops", "visited", "L1", "wecom", "SUV-X 车主群",
                        "王伟您好，邀请您加入「SUV-X 车主群」", visitAt),
                new Outcome.Tagging("01719799200:event:v1:ops@2:visited:1:L1", "ops", "visited", "L1", "到店客户", true, visitAt),
                new Outcome.Webhook("01719799200:event:v1:ops@2:visited:2:L1", "ops", "visited", "L1", "http://127.0.0.1:9/crm", "王伟 到店", visitAt));

        // 2024-07-01 is a Monday: the 09:00 occurrence. The visit lifted L1 to A; L2 (added 06-01) has lapsed to C
        PlaybookRunner.ScheduledRule weekly = ops.schedules().get(0);
        Instant occurrence = weekly.cron().latestBetween(Instant.ofEpochSecond(at("2024-06-30T00:00:00")), visitAt, SHANGHAI).orElseThrow();
        assertThat(occurrence).isEqualTo(Instant.ofEpochSecond(at("2024-07-01T09:00:00")));
        assertThat(weekly.cron().next(occurrence, SHANGHAI)).contains(Instant.ofEpochSecond(at("2024-07-08T09:00:00")));
        List<Outcome> calls = ops.scheduled(weekly, occurrence, visitAt);
        assertThat(calls).singleElement().isInstanceOfSatisfying(Outcome.Task.class, t -> {
            assertThat(t.customerId()).isEqualTo("L1");
            assertThat(t.reason()).isEqualTo("本周跟进 王伟（A 级）");
            // the key starts with the occurrence itself (09:00 Shanghai), not the clock when it ran (visitAt, 10:00)
            assertThat(t.key()).isEqualTo("0" + occurrence.getEpochSecond() + ":cron:" + occurrence + ":ops@2:monday_calls:0:L1");
        });
        assertThat(ops.scheduled(weekly, occurrence, visitAt)).as("the same occurrence runs once").isEmpty();
    }

    @Test
    void channel_schedule_and_action_mistakes_say_how_to_fix_them() {
        CompiledModel leads = ModelCompiler.compile(ModelParser.parse(examples().resolve("auto-leads.yaml")));
        ModelException e = catchThrowableOfType(ModelException.class, () -> PlaybookParser.parse("q.yaml", String.join("\n",
                "playbook: q",
                "channels: { sms: { webhook: \"ftp://x\" } }",
                "rules:",
                "  a:",
                "    on: { schedule: \"61 9 * * MON\" }",
                "    do:",
                "      - message: { channel: wecom, text: hi }",
                "      - tag: { add: x, remove: y }",
                "      - offer: { text: hi }"), leads));
        assertThat(e.issues()).extracting(i -> i.line() + ":" + i.message()).containsExactly(
                "2:channel 'sms': 'ftp://x' is not an http(s) URL",
                "5:'61 9 * * MON' is not a cron schedule: " + catchThrowableOfType(IllegalArgumentException.class,
                        () -> Cron.parse("61 9 * * MON")).getMessage(),
                "7:unknown channel 'wecom'",
                "8:a tag action needs exactly one of 'add' or 'remove'",
                "9:missing 'kind'");
        assertThat(e.issues().get(2).hint()).contains("declare it under channels: (e.g. wecom: { webhook:");
    }

    @Test
    void every_shipped_playbook_loads_with_its_model() throws Exception {
        try (var files = Files.list(examples().resolve("playbooks"))) {
            for (Path p : files.sorted().toList()) {
                String model = Files.readAllLines(p).stream().filter(l -> l.startsWith("model: ")).findFirst().orElseThrow()
                        .substring(7).strip();
                CompiledModel compiled = ModelCompiler.compile(ModelParser.parse(examples().resolve(model + ".yaml")));
                assertThat(PlaybookParser.parse(p, compiled).rules()).as(p.toString()).isNotEmpty();
            }
        }
    }

    @Test
    void crossing_a_score_threshold_fires_once_until_the_score_falls_back() {
        Operations ops = operations("auto-leads", List.of(), Map.of("L", attrs("name", "周杰", "owner_staff_id", "S3",
                "bought", "false", "registered_at", "2024-06-01")), List.of(), "c1-leads");
        int crossings = 0;
        // activity_join is worth 5 points, uncapped: the 8th join reaches 40
        for (int i = 0; i < 12; i++) {
            Operations.Result r = ops.event(new Facts.Event("j" + i, PersonRef.customer("L"),
                    at("2024-06-2" + (i % 9) + "T1" + (i % 10) + ":00:00"), "activity_join", Map.of()));
            crossings += (int) r.outcomes().stream().filter(o -> o instanceof Outcome.Task t && t.rule().equals("score_crossed_40")).count();
            if (i == 7) {
                assertThat(r.outcomes()).anySatisfy(o -> assertThat(o).isInstanceOfSatisfying(Outcome.Task.class,
                        t -> assertThat(t.reason()).isEqualTo("周杰 行为分达到 40 — 互动频繁，今天联系")));
            }
        }
        assertThat(crossings).as("staying above 40 does not fire again").isEqualTo(1);
    }

    @Test
    void three_days_before_running_out_a_reminder_goes_once_that_day() {
        CompiledModel model = ModelCompiler.compile(ModelParser.parse(examples().resolve("repurchase-reminder.yaml")));
        DatasetBuilder builder = new DatasetBuilder(SHANGHAI, IdentityOptions.DEFAULT);
        builder.product(new Facts.Product("CLEANSER", "洁面乳", "care", 69, 30));
        builder.customer(new Facts.Customer("A", attrs("name", "甲")));
        builder.customer(new Facts.Customer("B", attrs("name", "乙")));
        // A: bought 06-04 → runs out 07-04, 3 days after 07-01; B: bought 06-05 → 07-05, 4 days
        builder.order(new Facts.Order("o1", PersonRef.customer("A"), at("2024-06-04T10:00:00"), 69, "paid", null, null, null));
        builder.orderItem(new Facts.OrderItem("o1", "CLEANSER", 1, 69));
        builder.order(new Facts.Order("o2", PersonRef.customer("B"), at("2024-06-05T10:00:00"), 69, "paid", null, null, null));
        builder.orderItem(new Facts.OrderItem("o2", "CLEANSER", 1, 69));
        LiveEngine engine = new LiveEngine(model, builder.build(), AS_OF);
        Playbook before = PlaybookParser.parse("before.yaml", String.join("\n",
                "playbook: before", "model: repurchase-reminder", "rules:",
                "  three_days_before:",
                "    on: { days_before: { date: next_due_at, days: 3 } }",
                "    do: [ { message: { channel: log, text: \"{name}，您的洁面乳 3 天后用完\" } } ]"), model);
        Operations ops = new Operations(engine, new ScenarioDetector(ScenarioRules.shipped()),
                new PlaybookRunner(List.of(before), new ContactLedger()));
        Instant morning = Instant.ofEpochSecond(at("2024-07-01T10:00:00"));
        List<Outcome> first = ops.daily(LocalDate.of(2024, 7, 1), morning);
        assertThat(first).singleElement().isInstanceOfSatisfying(Outcome.Message.class, m -> {
            assertThat(m.customerId()).isEqualTo("A");
            assertThat(m.text()).isEqualTo("甲，您的洁面乳 3 天后用完");
        });
        assertThat(ops.daily(LocalDate.of(2024, 7, 1), morning)).as("the same day again").isEmpty();

        ModelException wrong = catchThrowableOfType(ModelException.class, () -> PlaybookParser.parse("w.yaml", String.join("\n",
                "playbook: w", "rules:", "  r:", "    on: { days_before: { date: days_until_due, days: 3 } }",
                "    do: [ { task: { reason: x } } ]"), model));
        assertThat(wrong.getMessage()).contains("'days_until_due' is not a date-valued value").contains("next_due_at");
    }
}
