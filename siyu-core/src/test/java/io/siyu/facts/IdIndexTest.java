package io.siyu.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdIndexTest {
    @Test
    void finds_every_id_it_was_given_and_nothing_else_even_when_hashes_collide() {
        String[] ids = {"Aa", "BB", "C0000001", "C0000002", "AaAa", "BBBB", "AaBB"}; // "Aa" and "BB" share a hashCode, as do the last three
        IdIndex index = new IdIndex(ids, ids.length);
        for (int i = 0; i < ids.length; i++) {
            assertThat(index.find(ids, ids[i])).as(ids[i]).isEqualTo(i);
            assertThat(index.find(ids, new String(ids[i].toCharArray()))).as("an equal, not the same, string").isEqualTo(i);
        }
        assertThat(index.find(ids, "BBAa")).as("same hash as AaAa, not an id").isEqualTo(-1);
        assertThat(index.find(ids, "")).isEqualTo(-1);
    }

    @Test
    void grows_as_ids_are_added_one_at_a_time() {
        Random random = new Random(7);
        String[] ids = new String[0];
        IdIndex index = new IdIndex(ids, 0);
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            if (i == ids.length) {
                ids = Arrays.copyOf(ids, i + (i >> 1) + 16); // as Customers.append grows its array
            }
            ids[i] = i % 3 == 0 ? "C" + i : Long.toString(random.nextLong(), 36) + ":" + i;
            index.add(ids, i);
        }
        assertThat(index.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(index.find(ids, ids[i])).isEqualTo(i);
        }
        assertThat(index.find(ids, "C1")).isEqualTo(-1);
        assertThat(index.find(ids, "C3")).isEqualTo(3);
    }
}
