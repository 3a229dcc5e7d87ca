package io.siyu.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OutcomeKeyTest {
    @Test
    void keys_sort_as_their_occasions_seconds_do() {
        SplittableRandom random = new SplittableRandom(3);
        List<Long> seconds = new ArrayList<>(List.of(0L, 9L, 10L, 99_999_999_999L, -1L, -9_999_999_999L, 1_719_799_200L));
        for (int i = 0; i < 1000; i++) {
            seconds.add(random.nextLong(-9_999_999_999L, 99_999_999_999L));
        }
        List<String> prefixes = seconds.stream().map(OutcomeKey::second).toList();
        assertThat(prefixes).allMatch(p -> p.length() == 11);
        for (int i = 0; i < seconds.size(); i++) {
            for (int j = 0; j < seconds.size(); j += 37) {
                if (seconds.get(i) >= 0 && seconds.get(j) >= 0) {
                    assertThat(Integer.signum(prefixes.get(i).compareTo(prefixes.get(j))))
                            .as(seconds.get(i) + " vs " + seconds.get(j)).isEqualTo(Long.signum(seconds.get(i) - seconds.get(j)));
                } else if (!seconds.get(i).equals(seconds.get(j))) {
                    assertThat(prefixes.get(i)).isNotEqualTo(prefixes.get(j)); // before 1970: unique, not ordered
                }
            }
        }
        assertThatThrownBy(() -> OutcomeKey.second(100_000_000_000L)).hasMessageContaining("outside what outcome keys can hold");
    }

    @Test
    void keys_start_with_the_first_second_of_the_occasions_minute() {
        assertThat(OutcomeKey.minute(1_719_799_259L)).isEqualTo("01719799200");
        assertThat(OutcomeKey.minute(1_719_799_260L)).isEqualTo("01719799260");
        assertThat(OutcomeKey.minute(-1L)).isEqualTo("-0000000060");
    }

    @Test
    void a_key_made_before_this_form_becomes_the_key_the_playbooks_make_now_for_the_same_occasion() {
        // a fact's outcome: the fact's time, which is the outcome's creation time
        assertThat(OutcomeKey.fromCustomerFirst("L1:c1-leads@1:test_drive_form:0:L1:event:e1", "L1", 1_719_799_200L))
                .isEqualTo("01719799200:event:e1:c1-leads@1:test_drive_form:0:L1");
        // a day, a day's instant, a cron occurrence and a refresh name their own time; the clock at creation does not count
        assertThat(OutcomeKey.fromCustomerFirst("C:p@1:r:0:C:day:2024-07-01", "C", 1_719_900_000L))
                .isEqualTo("01719792000:day:2024-07-01:p@1:r:0:C");
        assertThat(OutcomeKey.fromCustomerFirst("C:p@1:r:0:C:day:2024-06-30T16:00:00Z", "C", 1_719_900_000L))
                .isEqualTo("01719763200:day:2024-06-30T16:00:00Z:p@1:r:0:C");
        assertThat(OutcomeKey.fromCustomerFirst("C:p@1:r:2:C:cron:2024-07-01T01:00:00Z", "C", 1_719_900_000L))
                .isEqualTo("01719795600:cron:2024-07-01T01:00:00Z:p@1:r:2:C");
        assertThat(OutcomeKey.fromCustomerFirst("C:p@1:r:0:C:refresh:2024-07-01T01:00:00.123456Z", "C", 1_719_900_000L))
                .isEqualTo("01719795600:refresh:2024-07-01T01:00:00.123456Z:p@1:r:0:C");
        // a customer id with ':' in it, and a fact id that only looks like a day
        assertThat(OutcomeKey.fromCustomerFirst("wx:42:p@1:r:0:wx:42:day:soon", "wx:42", 5L)).isEqualTo("00000000000:day:soon:p@1:r:0:wx:42");
        assertThatThrownBy(() -> OutcomeKey.fromCustomerFirst("p@1:r:0:C:e1", "D", 5L)).hasMessageContaining("does not start with its customer 'D:'");
    }

    @Test
    void without_its_prefix_a_key_is_what_it_was_before_either_upgrade() {
        assertThat(OutcomeKey.originalForm("01719799200:event:e1:c1-leads@1:test_drive_form:0:L1", "L1"))
                .isEqualTo("c1-leads@1:test_drive_form:0:L1:event:e1");
        assertThat(OutcomeKey.originalForm("-0000000005:e1:p@1:r:0:C", "C")).isEqualTo("p@1:r:0:C:e1");
        assertThat(OutcomeKey.originalForm("00000000005:day:soon:p@1:r:0:wx:42", "wx:42")).isEqualTo("p@1:r:0:wx:42:day:soon");
        assertThat(OutcomeKey.originalForm("L1:c1-leads@1:test_drive_form:0:L1:event:e1", "L1"))
                .as("V12's customer first").isEqualTo("c1-leads@1:test_drive_form:0:L1:event:e1");
        assertThat(OutcomeKey.originalForm("c1-leads@1:test_drive_form:0:L1:event:e1", "L1")).isEqualTo("c1-leads@1:test_drive_form:0:L1:event:e1");
        // a customer id of eleven digits: the customer-first key is told apart by its customer
        assertThat(OutcomeKey.originalForm("12345678901:p@1:r:0:12345678901:e1", "12345678901")).isEqualTo("p@1:r:0:12345678901:e1");
    }
}
