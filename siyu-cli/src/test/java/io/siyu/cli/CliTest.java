package io.siyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, stdout, stderr and files written. */
class CliTest {
    @TempDir
    Path tmp;

    Path data;

    @BeforeEach
    void smallDataSet() throws IOException {
        data = tmp.resolve("data");
        Files.createDirectories(data);
        write(data.resolve("customers.csv"), "customer_id,owner_staff_id,registered_at", "A,s1,2023-01-01", "B,s1,2023-02-01",
                "C,s2,2024-06-01", "D,s2,2023-03-01");
        write(data.resolve("identities.csv"), "customer_id,unionid,phone", "A,uA,13800000001");
        write(data.resolve("orders.csv"), "order_id,customer_id,ordered_at,amount,status",
                "1,A,2024-06-20,100,paid",
                "2,A,2024-06-25,200,paid",
                "3,B,2024-13-10,50,paid",          // bad date: rejected, line 4 column 3
                "4,C,2024-06-30,1000,paid",
                "5,D,2024-03-01,-5,paid",          // negative amount: rejected, line 6 column 4
                "6,D,2024-03-01,500,paid",
                "6,D,2024-03-01,500,paid");        // repeated id: applied once
        write(data.resolve("events.csv"), "event_id,unionid,occurred_at,type", "e1,uA,2024-06-21T10:00:00,page_view");
    }

    private static void write(Path file, String... lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void validate_reports_a_typo_with_file_line_column_and_a_hint() throws IOException {
        Path model = tmp.resolve("typo.yaml");
        write(model, "model: typo", "traits:", "  paid_orders:", "    count: orders", "tiers:", "  t:", "    rules:",
                "      - buyer: paid_ordrs > 0", "    default: none");
        Cli result = Cli.run("validate", "--model", model.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(model + ":8:16: unknown name 'paid_ordrs'")
                .contains("      - buyer: paid_ordrs > 0\n                   ^")
                .contains("hint: did you mean 'paid_orders'?");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void validate_accepts_every_example_and_flags_unknown_keys() throws IOException {
        for (String example : List.of("rfm-8", "rfm-11", "lifecycle", "aipl", "repurchase-reminder", "auto-leads", "beauty-tiers", "bakery-values", "hotpot-quadrants")) {
            Cli ok = Cli.run("validate", "--model", Cli.example(example));
            assertThat(ok.exitCode()).as(example + ": " + ok.err()).isZero();
        }
        Path model = tmp.resolve("keys.yaml");
        write(model, "model: keys", "traits:", "  n:", "    cuont: orders");
        Cli bad = Cli.run("validate", "--model", model.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains(model + ":4:5: unknown key 'cuont'").contains("did you mean 'count'?");
    }

    @Test
    void bad_usage_exits_2_and_a_missing_model_file_exits_1() {
        Cli usage = Cli.run("validate", "--model", "x.yaml", "--modle", "y.yaml");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("Unknown options: '--modle'").contains("Possible solutions: --model");
        Cli missing = Cli.run("validate", "--model", tmp.resolve("nope.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file");
        Cli asOf = Cli.run("run", "--model", Cli.example("rfm-8"), "--data", data.toString(), "--as-of", "yesterday",
                "--out", tmp.resolve("o").toString());
        assertThat(asOf.exitCode()).isEqualTo(2);
        assertThat(asOf.err()).contains("'yesterday' is not a date or timestamp");
    }

    @Test
    void run_keeps_good_rows_lists_bad_ones_and_strict_fails() throws IOException {
        Path out = tmp.resolve("run");
        Cli result = Cli.run("run", "--model", Cli.example("rfm-8"), "--data", data.toString(), "--as-of", "2024-07-01",
                "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("orders.csv:4:3:").contains("orders.csv:6:4:");
        List<String> profiles = Files.readAllLines(out.resolve("profiles.csv"));
        assertThat(profiles.get(0)).startsWith("customer_id,paid_orders,paid_amount,recency_days");
        // A: 2 orders 300; B: its only order rejected; C: 1000; D: one order of 500 (repeat applied once)
        assertThat(profiles).anyMatch(l -> l.startsWith("A,2,300,6,"))
                .anyMatch(l -> l.startsWith("B,0,0,,"))
                .anyMatch(l -> l.startsWith("D,1,500,122,"));
        assertThat(Files.readString(out.resolve("report.md"))).contains("## tier rfm_class");
        assertThat(Files.readString(out.resolve("report.json"))).contains("\"rfm_class\"");

        Cli strict = Cli.run("run", "--model", Cli.example("rfm-8"), "--data", data.toString(), "--as-of", "2024-07-01",
                "--out", out.toString(), "--strict");
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.err()).contains("--strict");
    }

    @Test
    void explain_shows_values_facts_and_the_rule_that_decided_the_tier() {
        Cli result = Cli.run("explain", "--model", Cli.example("rfm-8"), "--data", data.toString(), "--as-of", "2024-07-01",
                "--customer", "unionid:uA");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("customer A")
                .contains("trait paid_orders = 2")
                .contains("2 of orders counted")
                .contains("id=2")
                .contains("tier rfm_class =")
                .contains("rule 1 无消费: paid_orders == 0 → false");
        Cli unknown = Cli.run("explain", "--model", Cli.example("rfm-8"), "--data", data.toString(), "--customer", "Z");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown customer 'Z'");
    }

    @Test
    void export_writes_a_mass_send_list_and_suggests_segment_names() {
        Cli result = Cli.run("export", "--model", Cli.example("rfm-8"), "--data", data.toString(), "--as-of", "2024-07-01",
                "--segment", "rfm_class=无消费");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("customer_id,owner_staff_id,identities\n").contains("B,s1,customer_id:B");
        Cli typo = Cli.run("export", "--model", Cli.example("rfm-11"), "--data", data.toString(), "--segment", "win_bak");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("Unknown segment: 'win_bak'").contains("did you mean 'win_back'?");
    }

    @Test
    void report_compares_two_runs_as_a_migration_matrix() {
        Path before = tmp.resolve("before");
        Path after = tmp.resolve("after");
        assertThat(Cli.run("run", "--model", Cli.example("rfm-8"), "--data", data.toString(), "--as-of", "2024-06-22",
                "--out", before.toString()).exitCode()).isZero();
        assertThat(Cli.run("run", "--model", Cli.example("rfm-8"), "--data", data.toString(), "--as-of", "2024-07-01",
                "--out", after.toString()).exitCode()).isZero();
        Cli report = Cli.run("report", "--out", before.toString(), "--compare", after.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        // C had no order by 06-22 and one of 1000 by 07-01: it leaves 无消费
        assertThat(report.out()).contains("## migration of rfm_class");
        assertThat(report.out().lines().filter(l -> l.startsWith("| 无消费 |")).findFirst().orElseThrow())
                .isNotEqualTo("| 无消费 | 0 |");
        Cli plain = Cli.run("report", "--out", after.toString());
        assertThat(plain.out()).contains("| value | customers | share | ARPU | total spend |");
    }

    @Test
    void import_then_run_from_the_database_and_compare_stored_runs() {
        String db = tmp.resolve("db").toString();
        Cli imported = Cli.run("import", "--data", data.toString(), "--db", db);
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("orders.csv");
        Cli first = Cli.run("run", "--model", Cli.example("rfm-8"), "--db", db, "--as-of", "2024-06-22", "--out", tmp.resolve("r1").toString());
        Cli second = Cli.run("run", "--model", Cli.example("rfm-8"), "--db", db, "--as-of", "2024-07-01", "--out", tmp.resolve("r2").toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.out()).contains("stored as run 2");
        Cli runs = Cli.run("report", "--db", db);
        assertThat(runs.out()).contains("| 1 | rfm-8 |").contains("| 2 | rfm-8 |");
        Cli migration = Cli.run("report", "--db", db, "--run", "1", "--compare", "2", "--layer", "rfm_class");
        assertThat(migration.exitCode()).as(migration.err()).isZero();
        assertThat(migration.out()).contains("## migration of rfm_class");
    }

    @Test
    void detect_lists_one_row_per_detection_and_skips_staff_messages() throws IOException {
        Path messages = tmp.resolve("messages.csv");
        write(messages, "message_id,customer_id,sent_at,text,direction",
                "m1,A,2024-06-01T10:00:00,快吃完了,in",
                "m2,A,2024-06-01T10:01:00,还没吃完呢,in",
                "m3,B,2024-06-02T09:00:00,\"洗发水快用完了，闺蜜问是什么牌子\",in",
                "m4,B,2024-06-02T09:05:00,快用完了吗？,out",
                ",C,2024-06-03T09:00:00,同事过来问这是什么牌子,");
        Cli result = Cli.run("detect", "--messages", messages.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("message_id,scenario\nm1,repurchase\nm3,repurchase\nm3,referral\nline:6,referral\n");
        assertThat(result.err()).contains("4 detections in 5 messages");
        Path rules = tmp.resolve("rules.yaml");
        write(rules, "scenarios:", "  complaint:", "    keywords: [投诉]");
        Path other = tmp.resolve("other.csv");
        write(other, "message_id,text", "x1,我要投诉", "x2,快吃完了");
        assertThat(Cli.run("detect", "--messages", other.toString(), "--rules", rules.toString()).out())
                .isEqualTo("message_id,scenario\nx1,complaint\n");
        Cli noText = Cli.run("detect", "--messages", data.resolve("orders.csv").toString());
        assertThat(noText.exitCode()).isEqualTo(1);
        assertThat(noText.err()).contains("no 'text' column");
    }

    @Test
    void validate_checks_playbooks_against_their_model() throws IOException {
        Cli ok = Cli.run("validate", "--model", Cli.example("auto-leads"), "--playbook",
                Cli.repo().resolve("examples/playbooks/c1-leads.yaml").toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("playbook 'c1-leads' v1, 5 rules");
        Path bad = tmp.resolve("bad.yaml");
        write(bad, "playbook: bad", "rules:", "  a:", "    on: { enter: lead_grade=Z }", "    do: [ { task: { reason: x } } ]");
        Cli wrong = Cli.run("validate", "--model", Cli.example("auto-leads"), "--playbook", bad.toString());
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err()).contains(bad + ":4:").contains("'lead_grade=Z' is not a value of stage 'lead_grade'")
                .contains("one of: S, A, B, C");
    }

    @Test
    void a_malformed_tuning_option_is_named_in_one_line_before_any_command_runs() throws Exception {
        // the store reads its options once per JVM, as it loads: only a fresh process shows what a user meets
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), "-Dsiyu.sqlite.cacheMb=lots",
                SiyuCommand.class.getName(), "validate", "--model", Cli.example("rfm-8"))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isEqualTo(2);
        assertThat(output.strip()).startsWith("siyu: -Dsiyu.sqlite.cacheMb=lots must be a whole number")
                .contains("-Dsiyu.sqlite.cacheMb=64").doesNotContain("Exception").doesNotContain("\n");
    }
}
