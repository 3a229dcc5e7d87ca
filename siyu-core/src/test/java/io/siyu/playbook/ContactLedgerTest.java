package io.siyu.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactLedgerTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void theDefaultRetentionIsTheLongestPolicyWindowAndTwoDays() {
        assertThat(new ContactLedger().retention()).isEqualTo(Duration.ofDays(9));
        assertThatThrownBy(() -> new ContactLedger(Duration.ZERO)).hasMessageContaining("retention must be positive");
    }

    @Test
    void contactsAndKeysOlderThanTheRetentionAreForgotten() {
        ContactLedger ledger = new ContactLedger(Duration.ofDays(9));
        ledger.recordStored("C1:p@1:r:0:C1:f1", "C1", "sms", T0, false);
        ledger.recordStored("C1:p@1:r:0:C1:f2", "C1", "sms", T0.plus(Duration.ofDays(5)), false);
        ledger.recordStored("C2:p@1:r:0:C2:f3", "C2", "sms", T0.plus(Duration.ofDays(1)), true);
        ledger.recordStored("C3:p@1:r:0:C3:f4", "C3", "sms", T0.plus(Duration.ofDays(12)), false);

        ledger.forgetOld(); // keeps from day 12 - 9 = day 3

        assertThat(ledger.seen("C1:p@1:r:0:C1:f1")).isFalse();
        assertThat(ledger.seen("C2:p@1:r:0:C2:f3")).isFalse();
        assertThat(ledger.seen("C1:p@1:r:0:C1:f2")).isTrue();
        assertThat(ledger.seen("C3:p@1:r:0:C3:f4")).isTrue();
        assertThat(ledger.keyCount()).isEqualTo(2);
        assertThat(ledger.contactsSince("C1", "sms", T0.minus(Duration.ofDays(1)))).isEqualTo(1);
        assertThat(ledger.lastTime("C1", "p:r:0")).isEqualTo(T0.plus(Duration.ofDays(5)));
        // keys recorded after forgetting are found like before
        ledger.recordStored("C1:p@1:r:0:C1:f5", "C1", "sms", T0.plus(Duration.ofDays(13)), false);
        assertThat(ledger.seen("C1:p@1:r:0:C1:f5")).isTrue();
        assertThat(ledger.seen("C1:p@1:r:0:C1:f2")).isTrue();
    }

    @Test
    void aStoredKeyTellsItsRuleWhicheverPrefixItCarries() {
        ContactLedger ledger = new ContactLedger(Duration.ofDays(9));
        ledger.recordStored("0" + T0.getEpochSecond() + ":f1:p@1:r:0:C1", "C1", "sms", T0, false); // the occasion's time (V14)
        ledger.recordStored("C2:q@3:s:1:C2:f2", "C2", "sms", T0.plusSeconds(1), false); // the customer (V12)
        assertThat(ledger.lastTime("C1", "p:r:0")).isEqualTo(T0);
        assertThat(ledger.lastTime("C2", "q:s:1")).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void aRuleWhoseLastContactIsOlderThanTheRetentionIsForgottenWhole() {
        ContactLedger ledger = new ContactLedger(Duration.ofDays(3));
        ledger.recordStored("C1:p@1:r:0:C1:f1", "C1", "sms", T0, false);
        ledger.recordStored("C2:p@1:r:0:C2:f2", "C2", "sms", T0.plus(Duration.ofDays(10)), false);
        ledger.forgetOld();
        assertThat(ledger.lastTime("C1", "p:r:0")).isNull();
        assertThat(ledger.contactsSince("C1", "sms", Instant.EPOCH)).isZero();
    }

    @Test
    void storedOutcomesMayArriveInAnyOrderTheLatestTimePerRuleWins() {
        ContactLedger ledger = new ContactLedger();
        ledger.recordStored("C1:p@1:r:0:C1:f2", "C1", "sms", T0.plusSeconds(60), false);
        ledger.recordStored("C1:p@1:r:0:C1:f1", "C1", "sms", T0, false);
        assertThat(ledger.lastTime("C1", "p:r:0")).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aFullHistoryMakesRoomByDroppingExpiredContactsInsteadOfGrowing() {
        ContactLedger ledger = new ContactLedger(Duration.ofDays(1));
        for (int day = 0; day < 1000; day++) {
            ledger.recordStored("C1:p@1:r:0:C1:f" + day, "C1", "wecom", T0.plus(Duration.ofDays(day)), false);
        }
        Instant last = T0.plus(Duration.ofDays(999));
        assertThat(ledger.contactsSince("C1", "wecom", last.minus(Duration.ofDays(1)))).isEqualTo(2);
        assertThat(ledger.contactsSince("C1", "wecom", Instant.EPOCH)).as("only what the retention covers, and a little").isLessThanOrEqualTo(4);
    }

    @Test
    void contactsAreCountedPerCustomerAndChannelAcrossManyCustomers() {
        ContactLedger ledger = new ContactLedger(Duration.ofDays(9));
        for (int i = 0; i < 5000; i++) { // more keys and contacts than the arrays start with
            String customer = "C" + (i % 2500);
            String channel = i % 3 == 0 ? "sms" : "wecom";
            ledger.recordStored(customer + ":p@1:r" + (i % 2) + ":0:" + customer + ":f" + i, customer, channel, T0.plusSeconds(i), false);
        }
        // C7 got i = 7 (wecom, rule 1) and i = 2507 (wecom, rule 1)
        assertThat(ledger.contactsSince("C7", "wecom", T0)).isEqualTo(2);
        assertThat(ledger.contactsSince("C7", "wecom", T0.plusSeconds(8))).isEqualTo(1);
        assertThat(ledger.contactsSince("C7", "sms", T0)).isZero();
        assertThat(ledger.lastTime("C7", "p:r1:0")).isEqualTo(T0.plusSeconds(2507));
        assertThat(ledger.lastTime("C7", "p:r0:0")).isNull();
        assertThat(ledger.keyCount()).isEqualTo(5000);

        ledger.forgetOld(); // all within the retention: nothing goes
        assertThat(ledger.contactsSince("C7", "wecom", T0)).isEqualTo(2);
        assertThat(ledger.contactsSince("C7", "wecom", T0.plusSeconds(8))).isEqualTo(1);
        assertThat(ledger.lastTime("C7", "p:r1:0")).isEqualTo(T0.plusSeconds(2507));
        assertThat(ledger.keyCount()).isEqualTo(5000);
    }

    @Test
    void playbooksWithLongerWindowsLengthenTheRetention() {
        ContactPolicy monthly = new ContactPolicy(Map.of("*", 4), Duration.ofDays(30), LocalTime.of(21, 0), LocalTime.of(9, 0),
                Duration.ofDays(3));
        Playbook p = new Playbook("monthly", 1, null, monthly, Map.of(), java.util.List.of(), "test");
        assertThat(ContactLedger.forPlaybooks(java.util.List.of(p)).retention()).isEqualTo(Duration.ofDays(32));
        assertThat(ContactLedger.forPlaybooks(java.util.List.of()).retention()).isEqualTo(Duration.ofDays(9));
    }
}
