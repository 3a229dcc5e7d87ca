package io.siyu.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siyu.ingest.CsvReader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioDetectorTest {
    private final ScenarioDetector detector = new ScenarioDetector(ScenarioRules.shipped());

    private Set<String> scenarios(String text) {
        Set<String> out = new TreeSet<>();
        detector.detect(text).forEach(d -> out.add(d.scenario()));
        return out;
    }

    @Test
    void the_phrases_from_the_seeds_fire_and_their_negations_do_not() {
        assertThat(scenarios("快吃完了")).containsExactly("repurchase");
        assertThat(scenarios("同事过来问这是什么牌子")).containsExactly("referral");
        assertThat(scenarios("还没吃完呢")).isEmpty();
        assertThat(scenarios("不是快用完")).isEmpty();
        assertThat(scenarios("没想到快用完了")).as("没想到 is one word, not a negation").containsExactly("repurchase");
        assertThat(scenarios("洗发水快用完了，闺蜜问是什么牌子")).containsExactly("referral", "repurchase");
        assertThat(detector.detect("谢谢，不是快用完，不过洗衣液马上用光了").get(0).matched()).isEqualTo("快用完");
    }

    /**
     * Precision and recall of the shipped rules on 245 hand-labelled messages (repurchase,
     * referral, both, negated forms and everyday chatter); figures recorded in docs/scenarios.md.
     */
    @Test
    void shipped_rules_are_precise_on_the_labelled_messages() throws Exception {
        score("/scenario/labelled-messages.csv", 200, 0.95, 0.9);
    }

    /**
     * 40 messages written after the first version of the rules. On first contact the rules found
     * only 30% of them (precision 0.75 / 1.00); the rules were then widened, so this set now
     * guards against regressions rather than estimating unseen performance (docs/scenarios.md).
     */
    @Test
    void shipped_rules_on_the_second_message_set() throws Exception {
        score("/scenario/holdout-messages.csv", 40, 0.9, 0.85);
    }

    private void score(String resource, int minimumSize, double minPrecision, double minRecall) throws Exception {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        try (InputStream in = getClass().getResourceAsStream(resource);
             CsvReader csv = new CsvReader(in)) {
            csv.next();
            while (csv.next()) {
                Set<String> labels = new TreeSet<>();
                for (String l : csv.get(2).split(";")) {
                    if (!l.isBlank()) {
                        labels.add(l);
                    }
                }
                expected.put(csv.get(0), labels);
                texts.put(csv.get(0), csv.get(1));
            }
        }
        assertThat(expected).hasSizeGreaterThanOrEqualTo(minimumSize);
        List<String> report = new ArrayList<>();
        for (String scenario : List.of("repurchase", "referral")) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (Map.Entry<String, Set<String>> e : expected.entrySet()) {
                boolean want = e.getValue().contains(scenario);
                boolean got = scenarios(texts.get(e.getKey())).contains(scenario);
                if (want && got) {
                    tp++;
                } else if (got) {
                    fp++;
                    report.add("false " + scenario + ": " + texts.get(e.getKey()));
                } else if (want) {
                    fn++;
                    report.add("missed " + scenario + ": " + texts.get(e.getKey()));
                }
            }
            double precision = tp / (double) (tp + fp);
            double recall = tp / (double) (tp + fn);
            System.out.printf("%s %s: precision %.3f recall %.3f (tp %d, fp %d, fn %d)%n", resource, scenario, precision,
                    recall, tp, fp, fn);
            assertThat(precision).as(scenario + " precision; " + report).isGreaterThanOrEqualTo(minPrecision);
            assertThat(recall).as(scenario + " recall; " + report).isGreaterThanOrEqualTo(minRecall);
        }
        report.forEach(System.out::println);
    }

    @Test
    void a_bad_rule_file_says_what_is_wrong(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("rules.yaml");
        Files.writeString(file, "scenarios:\n  x:\n    patterns: ['(快']\n");
        assertThatThrownBy(() -> ScenarioRules.load(file))
                .hasMessageContaining("scenario 'x': pattern '(快' is not a valid regular expression");
        Files.writeString(file, "scenarios:\n  x:\n    negations: [不]\n");
        assertThatThrownBy(() -> ScenarioRules.load(file)).hasMessageContaining("has neither keywords nor patterns");
    }
}
