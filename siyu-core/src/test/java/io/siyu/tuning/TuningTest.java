package io.siyu.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TuningTest {
    @Test
    void an_unset_knob_takes_its_default_and_a_set_one_its_value() {
        assertThat(Tuning.parse("siyu.sqlite.cacheMb", null, 64, 1)).isEqualTo(64);
        assertThat(Tuning.parse("siyu.sqlite.cacheMb", " ", 64, 1)).isEqualTo(64);
        assertThat(Tuning.parse("siyu.sqlite.cacheMb", " 512 ", 64, 1)).isEqualTo(512);
        assertThat(Tuning.parse("siyu.sqlite.restartPages", "50_000", 1, 1)).isEqualTo(50_000);
        assertThat(Tuning.longProperty("siyu.test.never.set", 7, 0)).isEqualTo(7);
    }

    @Test
    void a_malformed_or_too_small_value_is_refused_naming_the_property_and_the_default() {
        assertThatThrownBy(() -> Tuning.parse("siyu.sqlite.checkpointMillis", "250ms", 250, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Dsiyu.sqlite.checkpointMillis=250ms must be a whole number: give one "
                        + "(e.g. -Dsiyu.sqlite.checkpointMillis=250, the default) or leave the option out");
        assertThatThrownBy(() -> Tuning.parse("siyu.ingest.maxGroup", "0", 100, 1))
                .hasMessageStartingWith("-Dsiyu.ingest.maxGroup=0 must be at least 1");
    }

    @Test
    void a_knob_read_as_a_class_loads_is_reported_as_its_message_alone() {
        assertThat(Tuning.problemReading(() -> { })).isNull();
        String problem = Tuning.problemReading(() -> {
            throw new ExceptionInInitializerError(new IllegalArgumentException("-Dsiyu.x=y must be a whole number"));
        });
        assertThat(problem).isEqualTo("-Dsiyu.x=y must be a whole number");
    }

    @Test
    void an_int_knob_refuses_a_value_past_int() {
        System.setProperty("siyu.test.intKnob", "3000000000");
        try {
            assertThatThrownBy(() -> Tuning.intProperty("siyu.test.intKnob", 100, 1))
                    .hasMessageStartingWith("-Dsiyu.test.intKnob=3000000000 must be at most 2147483647");
        } finally {
            System.clearProperty("siyu.test.intKnob");
        }
    }
}
