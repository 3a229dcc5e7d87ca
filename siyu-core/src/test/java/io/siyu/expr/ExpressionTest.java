package io.siyu.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siyu.facts.ColumnType;
import io.siyu.facts.StringColumn;
import io.siyu.facts.TimeColumn;
import io.siyu.facts.Timestamps;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Semantics worked out by hand, one row at a time, and the exact error texts users see. */
class ExpressionTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final long AS_OF = Timestamps.parse("2024-07-01T23:59:59", SHANGHAI);

    /** Row 0 has values, row 1 has nulls everywhere. */
    private static final Map<String, ColumnType> TYPES = Map.of("amount", ColumnType.NUMBER, "zero", ColumnType.NUMBER,
            "status", ColumnType.STRING, "paid_at", ColumnType.TIME, "vip", ColumnType.BOOL);

    private static final Schema SCHEMA = new Schema() {
        @Override
        public ColumnType typeOf(String name) {
            return TYPES.get(name);
        }

        @Override
        public Collection<String> names() {
            return TYPES.keySet();
        }
    };

    private static final StringColumn STATUS = new StringColumn("status", 2);

    static {
        STATUS.append("paid");
        STATUS.append(null);
    }

    private static final Bindings BINDINGS = new Bindings() {
        @Override
        public Readers.NumberReader number(String name) {
            double[] v = name.equals("amount") ? new double[] {120.5, Double.NaN} : new double[] {0, 0};
            return row -> v[row];
        }

        @Override
        public Readers.TimeReader time(String name) {
            // 2024-07-01 07:30 in Shanghai is 2024-06-30 23:30 UTC: the as-of day locally, the day before in UTC
            long[] v = {Timestamps.parse("2024-07-01T07:30:00+08:00", SHANGHAI), TimeColumn.NULL};
            return row -> v[row];
        }

        @Override
        public Readers.StringReader string(String name) {
            return STATUS::get;
        }

        @Override
        public Readers.BoolReader bool(String name) {
            boolean[] v = {true, false};
            return row -> v[row];
        }

        @Override
        public StringColumn stringColumn(String name) {
            return STATUS;
        }
    };

    private static Evaluator plan(String text, ZoneId zone) {
        return Expression.compile(ExprSource.of(text), SCHEMA).plan(BINDINGS, new EvalContext(AS_OF, zone));
    }

    private static boolean test(String text, int row) {
        return plan(text, SHANGHAI).test(row);
    }

    private static double number(String text, int row) {
        return plan(text, SHANGHAI).number(row);
    }

    @Test
    void arithmetic_and_null_propagation() {
        assertThat(number("amount * 2 - 1", 0)).isEqualTo(240.0);
        assertThat(number("-amount + 20.5", 0)).isEqualTo(-100.0);
        assertThat(number("7 % 4", 0)).isEqualTo(3.0);
        assertThat(number("amount + 1", 1)).isNaN();
        assertThat(number("amount / zero", 0)).as("division by zero is null").isNaN();
        assertThat(number("amount ?? 3", 1)).isEqualTo(3.0);
        assertThat(number("null ?? 3", 0)).isEqualTo(3.0);
        assertThat(number("coalesce(amount, zero, 9)", 1)).isEqualTo(0.0);
        assertThat(number("round(2.5) + floor(-1.5) + ceil(1.2) + abs(-3)", 0)).isEqualTo(3 + -2 + 2 + 3);
        assertThat(number("min(amount, 100)", 0)).isEqualTo(100.0);
        assertThat(number("max(amount, 100)", 1)).isNaN();
    }

    @Test
    void comparisons_with_null_are_false_except_null_tests() {
        assertThat(test("amount > 100", 0)).isTrue();
        assertThat(test("amount > 100", 1)).isFalse();
        assertThat(test("amount <= 100", 1)).isFalse();
        assertThat(test("amount != 5", 1)).as("!= with null is false too").isFalse();
        assertThat(test("amount == null", 1)).isTrue();
        assertThat(test("amount != null", 0)).isTrue();
        assertThat(test("not (amount > 100)", 1)).as("two-valued: not flips false").isTrue();
        assertThat(test("is_null(status)", 1)).isTrue();
        assertThat(test("status == 'paid'", 0)).isTrue();
        assertThat(test("status != 'paid'", 1)).isFalse();
        assertThat(test("status == 'unknown'", 0)).isFalse();
    }

    @Test
    void logic_and_membership() {
        assertThat(test("vip and amount > 100", 0)).isTrue();
        assertThat(test("vip && amount > 100 || false", 1)).isFalse();
        assertThat(test("!vip", 1)).isTrue();
        assertThat(test("status in ['refunded', 'paid']", 0)).isTrue();
        assertThat(test("status in ['refunded', 'paid']", 1)).isFalse();
        assertThat(test("status not in ['refunded']", 0)).isTrue();
        assertThat(test("status not in ['refunded']", 1)).as("null is in no list, and not in none").isFalse();
        assertThat(test("amount in [1, 120.5]", 0)).isTrue();
        assertThat(test("contains(status, 'ai') and starts_with(status, 'pa')", 0)).isTrue();
        assertThat(number("length('快吃完了')", 0)).isEqualTo(4.0);
    }

    @Test
    void required_strings_are_a_necessary_condition_read_off_equalities_lists_and_conjunctions() {
        assertThat(required("status == 'paid'")).isEqualTo(Map.of("status", java.util.Set.of("paid")));
        assertThat(required("'paid' == status and amount > 0")).isEqualTo(Map.of("status", java.util.Set.of("paid")));
        assertThat(required("status in ['paid', 'refunded', null]")).isEqualTo(Map.of("status", java.util.Set.of("paid", "refunded")));
        assertThat(required("status in ['paid', 'refunded'] && status == 'paid'")).isEqualTo(Map.of("status", java.util.Set.of("paid")));
        assertThat(required("status == 'paid' and status == 'refunded'")).as("nothing can pass").isEqualTo(Map.of("status", java.util.Set.of()));
        // no necessary value: either side may hold, or the value must differ
        assertThat(required("status == 'paid' or vip")).isEmpty();
        assertThat(required("status != 'paid'")).isEmpty();
        assertThat(required("status not in ['paid']")).isEmpty();
        assertThat(required("not (status == 'paid')")).isEmpty();
        assertThat(required("amount > 100")).isEmpty();
        assertThat(exact("status == 'paid'")).isTrue();
        assertThat(exact("status in ['paid', 'refunded'] and 'paid' == status")).isTrue();
        assertThat(exact("status == 'paid' and amount > 0")).as("the amount is not read off").isFalse();
        assertThat(exact("status == 'paid' or vip")).isFalse();
    }

    private static boolean exact(String text) {
        return Expression.compile(ExprSource.of(text), SCHEMA).isRequiredStringsExact();
    }

    private static Map<String, java.util.Set<String>> required(String text) {
        return Expression.compile(ExprSource.of(text), SCHEMA).requiredStrings();
    }

    @Test
    void days_since_counts_local_days_in_the_model_zone() {
        // paid 2024-07-01 07:30 Shanghai; as of 2024-07-01 23:59:59 Shanghai: the same local day
        assertThat(plan("days_since(paid_at)", SHANGHAI).number(0)).isEqualTo(0.0);
        // in UTC the payment is on 2024-06-30 (23:30) and as-of on 2024-07-01 (15:59:59): one day
        assertThat(plan("days_since(paid_at)", ZoneId.of("UTC")).number(0)).isEqualTo(1.0);
        assertThat(plan("days_since(paid_at)", SHANGHAI).number(1)).isNaN();
        assertThat(number("hours_since(paid_at)", 0)).as("16.5 hours, whole hours").isEqualTo(16.0);
        assertThat(number("days_between(date('2024-01-01'), paid_at)", 0)).as("31+29+31+30+31+30").isEqualTo(182.0);
        assertThat(test("paid_at >= date('2024-06-30')", 0)).isTrue();
        assertThat(test("paid_at < as_of", 0)).isTrue();
        assertThat(number("year(paid_at) * 100 + month(paid_at)", 0)).isEqualTo(202407.0);
        assertThat(number("day_of_week(date('2024-07-01'))", 0)).as("a Monday").isEqualTo(1.0);
    }

    private static String error(String text) {
        ExprSource source = new ExprSource("model.yaml", text, 14, 11, 4);
        return org.assertj.core.api.Assertions.catchThrowableOfType(ExprException.class,
                () -> Expression.compile(source, SCHEMA)).getMessage();
    }

    @Test
    void unknown_names_point_at_the_name_with_a_suggestion() {
        assertThat(error("amont > 0")).isEqualTo("model.yaml:14:11: unknown name 'amont'\n  hint: did you mean 'amount'?");
        assertThat(error("vip and day_since(paid_at) > 3"))
                .isEqualTo("model.yaml:14:19: unknown function 'day_since'\n  hint: did you mean 'days_since'?");
    }

    @Test
    void type_errors_are_found_before_evaluation() {
        assertThat(error("status > 3")).isEqualTo("model.yaml:14:11: operator '>' needs numbers or times on both sides,"
                + " but 'status' is string\n  hint: strings can only be compared with == and !=");
        assertThat(error("status == 5")).startsWith("model.yaml:14:18: cannot compare string with number");
        assertThat(error("days_since(amount)")).isEqualTo("model.yaml:14:22: function 'days_since' expects a time, got number");
        assertThat(error("status in ['a', 1]")).startsWith("model.yaml:14:27: 'in' list mixes string and number");
        assertThat(error("date('2024-13-01') < paid_at")).startsWith("model.yaml:14:16: '2024-13-01' is not a date");
    }

    @Test
    void syntax_errors_say_what_was_expected_and_where() {
        assertThat(error("amount > ")).isEqualTo("model.yaml:14:20: expected an expression after '>', found the end of the expression");
        assertThat(error("(amount > 1")).startsWith("model.yaml:14:22: expected ')' to close '('");
        assertThat(error("status = 'paid'")).isEqualTo("model.yaml:14:18: unexpected character '='\n"
                + "  hint: compare with '==' (a single '=' is not an operator)");
        assertThat(error("'open")).startsWith("model.yaml:14:11: unterminated string");
        assertThat(error("1 < amount < 3")).startsWith("model.yaml:14:22: comparisons cannot be chained");
        // second line of a block text: the file indents it by 4
        assertThat(error("vip and\namount >")).startsWith("model.yaml:15:13: expected an expression after '>'");
    }

    @Test
    void limits_and_required_types() {
        ExprSource deep = ExprSource.of("(".repeat(80) + "1" + ")".repeat(80));
        assertThatThrownBy(() -> Expression.compile(deep, SCHEMA)).hasMessageContaining("nested more than 64 levels");
        Expression number = Expression.compile(ExprSource.of("amount"), SCHEMA);
        assertThatThrownBy(() -> number.requireType(ColumnType.BOOL, "a tier condition"))
                .hasMessageContaining("a tier condition must be true/false, but this expression is number");
        assertThat(Expression.compile(ExprSource.of("vip and amount > zero"), SCHEMA).references())
                .containsExactlyInAnyOrder("vip", "amount", "zero");
    }
}
