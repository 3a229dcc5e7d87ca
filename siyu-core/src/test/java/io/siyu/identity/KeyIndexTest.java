package io.siyu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.siyu.facts.IdentityKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyIndexTest {
    private static final String[] ALPHABET = {"a", "Z", "0", "9", "-", "_", "王", "李", "娜", "😀", "é"};

    private static String randomValue(SplittableRandom random) {
        StringBuilder b = new StringBuilder();
        int length = random.nextInt(0, 40);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return b.toString();
    }

    @Test
    void keys_are_numbered_in_first_seen_order_and_found_again_with_their_kind_and_value() {
        for (long seed = 1; seed <= 5; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            KeyIndex index = new KeyIndex();
            Map<String, Integer> expected = new HashMap<>();
            List<IdentityKind> kinds = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) { // past several rehashes and arena growths
                IdentityKind kind = IdentityKind.values()[random.nextInt(IdentityKind.values().length)];
                String value = random.nextInt(4) == 0 && !values.isEmpty() ? values.get(random.nextInt(values.size())) : randomValue(random);
                Integer known = expected.get(kind.ordinal() + ":" + value);
                int key = index.intern(kind, value);
                if (known != null) {
                    assertThat(key).as("%s:%s seen before", kind, value).isEqualTo(known);
                } else {
                    assertThat(key).as("a new key takes the next number").isEqualTo(expected.size());
                    expected.put(kind.ordinal() + ":" + value, key);
                    kinds.add(kind);
                    values.add(value);
                }
            }
            assertThat(index.size()).isEqualTo(expected.size());
            for (int key = 0; key < kinds.size(); key++) {
                assertThat(index.kind(key)).isEqualTo(kinds.get(key));
                assertThat(index.value(key)).isEqualTo(values.get(key));
                assertThat(index.find(kinds.get(key), values.get(key))).isEqualTo(key);
            }
        }
    }

    @Test
    void the_same_value_under_another_kind_is_another_key_and_an_unknown_one_is_not_found() {
        KeyIndex index = new KeyIndex();
        int phone = index.intern(IdentityKind.PHONE, "13812345678");
        int member = index.intern(IdentityKind.MEMBER_ID, "13812345678");
        assertThat(member).isNotEqualTo(phone);
        assertThat(index.find(IdentityKind.PHONE, "13812345678")).isEqualTo(phone);
        assertThat(index.find(IdentityKind.OPENID, "13812345678")).isEqualTo(-1);
        assertThat(index.find(IdentityKind.PHONE, "1381234567")).as("a prefix").isEqualTo(-1);
        assertThat(index.find(IdentityKind.PHONE, "138123456789")).as("longer").isEqualTo(-1);
        assertThat(index.intern(IdentityKind.CUSTOMER_ID, "")).as("an empty value is a key too").isEqualTo(2);
        assertThat(index.value(2)).isEmpty();
    }

    @Test
    void a_value_remembered_as_missing_is_found_once_it_is_added() {
        KeyIndex index = new KeyIndex();
        String phone = "13812345678";
        assertThat(index.find(IdentityKind.PHONE, phone)).isEqualTo(-1);
        assertThat(index.find(IdentityKind.PHONE, phone)).as("asked again, the same string").isEqualTo(-1);
        int key = index.intern(IdentityKind.PHONE, phone);
        assertThat(index.find(IdentityKind.PHONE, phone)).isEqualTo(key);
        assertThat(index.find(IdentityKind.MEMBER_ID, phone)).as("the same string under another kind").isEqualTo(-1);
        assertThat(index.find(IdentityKind.PHONE, new String(phone.toCharArray()))).as("an equal string").isEqualTo(key);
    }
}
