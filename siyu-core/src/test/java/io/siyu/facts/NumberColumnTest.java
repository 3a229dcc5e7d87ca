package io.siyu.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumberColumnTest {
    /** What numbers looked like when formatted with {@code %.6f}, trailing zeros (and a bare point) dropped. */
    private static String reference(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.6f", v);
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        String out = s.substring(0, end);
        return out.equals("-0") ? "0" : out;
    }

    @Test
    void numbers_format_as_whole_numbers_or_with_at_most_six_decimals_rounded_half_up() {
        assertThat(NumberColumn.formatNumber(Double.NaN)).isEmpty();
        assertThat(NumberColumn.formatNumber(42)).isEqualTo("42");
        assertThat(NumberColumn.formatNumber(-3)).isEqualTo("-3");
        assertThat(NumberColumn.formatNumber(0.15)).isEqualTo("0.15");
        assertThat(NumberColumn.formatNumber(1.0 / 3)).isEqualTo("0.333333");
        assertThat(NumberColumn.formatNumber(2.0000004)).isEqualTo("2");
        assertThat(NumberColumn.formatNumber(0.1234565)).as("half-up from the shortest decimal form").isEqualTo("0.123457");
        assertThat(NumberColumn.formatNumber(-0.0000001)).isEqualTo("0");
        assertThat(NumberColumn.formatNumber(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(NumberColumn.formatNumber(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> r.nextDouble() * 1000;
                case 1 -> Math.round(r.nextDouble() * 1e8) / 100.0; // money
                case 2 -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-8, 17));
                default -> Math.round(r.nextDouble() * 1e7) / 1e7; // seven decimals: rounding ties are common
            };
            assertThat(NumberColumn.formatNumber(v)).as("%s", v).isEqualTo(reference(v));
        }
    }
}
