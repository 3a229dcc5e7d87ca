package io.siyu.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdColumnTest {
    @Test
    void a_repeated_id_is_refused_and_every_id_reads_back() {
        IdColumn ids = new IdColumn();
        assertThat(ids.add("A-1")).isZero();
        assertThat(ids.add("订单-2")).isEqualTo(1);
        assertThat(ids.add("A-1")).isEqualTo(-1);
        assertThat(ids.get(1)).isEqualTo("订单-2");
        assertThat(ids.find("A-1")).isZero();
        assertThat(ids.find("missing")).isEqualTo(-1);
        assertThat(ids.size()).isEqualTo(2);
    }

    @Test
    void agrees_with_a_hash_map_across_many_rehashes() {
        IdColumn ids = new IdColumn();
        Map<String, Integer> reference = new HashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            String id = Integer.toString(random.nextInt(150_000), 36);
            int row = ids.add(id);
            Integer known = reference.putIfAbsent(id, reference.size());
            assertThat(row).isEqualTo(known == null ? reference.get(id) : -1);
        }
        reference.forEach((id, row) -> {
            assertThat(ids.find(id)).isEqualTo(row);
            assertThat(ids.get(row)).isEqualTo(id);
        });
    }
}
