package io.siyu.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class StaffTasksTest {
    @Test
    void tasks_read_in_any_order_are_kept_in_order_and_a_transfer_merges_them_into_the_receivers() {
        StaffTasks tasks = new StaffTasks();
        for (long seq : new long[] {5, 1, 9, 3, 7, 2, 8}) {
            tasks.add(seq % 2 == 0 ? "S2" : "S1", seq);
        }
        assertThat(tasks.of("S1")).containsExactly(1, 3, 5, 7, 9);
        assertThat(tasks.of("S2")).containsExactly(2, 8);
        assertThat(tasks.of("S9")).isEmpty();

        tasks.move("S1", "S2", Set.of(3L, 9L));
        assertThat(tasks.of("S1")).containsExactly(1, 5, 7);
        assertThat(tasks.of("S2")).containsExactly(2, 3, 8, 9);
        tasks.move("S1", "S3", Set.of(1L, 5L, 7L)); // to someone with no tasks yet
        assertThat(tasks.of("S1")).isEmpty();
        assertThat(tasks.of("S3")).containsExactly(1, 5, 7);
        tasks.add("S3", 10); // and the list keeps growing after the merge
        assertThat(tasks.of("S3")).containsExactly(1, 5, 7, 10);
    }
}
