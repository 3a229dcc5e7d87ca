package io.siyu.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.siyu.engine.ModelCompiler;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a user sees for each kind of mistake in a model file: where, what, and how to fix it. */
class ModelValidationTest {
    private static List<String> problems(String... lines) {
        String text = String.join("\n", lines) + "\n";
        ModelException e = catchThrowableOfType(ModelException.class,
                () -> ModelCompiler.compile(ModelParser.parse("m.yaml", text)));
        assertThat(e).as("expected the model to be rejected").isNotNull();
        return e.issues().stream().map(i -> i.line() + ":" + i.column() + " " + i.message()
                + (i.hint() == null ? "" : " | " + i.hint())).toList();
    }

    @Test
    void every_problem_in_a_file_is_reported_at_once() {
        assertThat(problems(
                "model: m",
                "traits:",
                "  n: { count: ordrs }",
                "  s: { sum: amount, from: orders, within: 30 days }",
                "tiers:",
                "  t:",
                "    rules:",
                "      - a: n > 0"))
                .containsExactly(
                        "3:15 unknown fact table 'ordrs' | did you mean 'orders'?",
                        "4:43 'within' must be a duration like 30d, 12h or 2w, not '30 days' | d = days, h = hours, w = weeks; windows end at the as-of instant",
                        "6:3 tier 't' has no 'default' | add 'default: <value>' so every customer gets exactly one t");
    }

    @Test
    void names_are_unique_across_sections() {
        assertThat(problems("model: m", "traits:", "  n: { count: orders }", "tags:", "  n: n > 0"))
                .containsExactly("5:3 the name 'n' is already used | every trait, score, tier, tag, segment and attribute needs its own name");
    }

    @Test
    void a_definition_that_uses_itself_is_a_cycle() {
        assertThat(problems("model: m", "derived:", "  a: b + 1", "  b: a * 2"))
                .anyMatch(p -> p.contains("depends on itself: a → b → a"));
    }

    @Test
    void conditions_must_be_true_or_false_and_fields_must_exist() {
        assertThat(problems("model: m", "traits:", "  n: { count: orders }", "tags:", "  big: n * 2"))
                .containsExactly("5:8 'when' of 'big' must be true/false, but this expression is number | write a comparison, e.g. n * 2 > 0");
        assertThat(problems("model: m", "traits:", "  s:", "    sum: amout", "    from: orders"))
                .containsExactly("3:3 trait 's': table 'orders' has no field 'amout' | did you mean 'amount'?");
        assertThat(problems("model: m", "traits:", "  s:", "    sum: status", "    from: orders"))
                .containsExactly("3:3 trait 's': sum needs a number field, but 'status' is string | use count, distinct_count, first or last for text fields");
    }

    @Test
    void filters_see_fact_fields_and_conditions_see_customer_values() {
        assertThat(problems("model: m", "traits:", "  n:", "    count: orders", "    where: status == 'paid' and paid_orders > 1"))
                .singleElement().asString().startsWith("5:33 unknown name 'paid_orders'");
        assertThat(problems("model: m", "tags:", "  t: amount > 10"))
                .singleElement().asString().startsWith("3:6 unknown name 'amount'");
    }

    @Test
    void selections_pick_from_tags_or_segments_only() {
        assertThat(problems("model: m", "traits:", "  n: { count: orders }", "tags:", "  vip: n > 3",
                "selections:", "  pick: { size: 5, from: [vip, n] }"))
                .containsExactly("7:3 selection 'pick' picks from 'n', which is not a tag or segment (it is a trait) | tags and segments: vip");
    }

    @Test
    void yaml_mistakes_point_at_the_line() {
        assertThat(problems("model: m", "tags:", "  t: { when: a ? b }"))
                .singleElement().asString().startsWith("3:").contains("not valid YAML");
        assertThat(problems("model: m", "tags:", "  t: x", "  t: y"))
                .singleElement().asString().startsWith("4:3 duplicate key 't' (first written at line 3)");
    }
}
