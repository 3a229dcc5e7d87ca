package io.siyu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IngestStatsTest {
    @Test
    void waiting_for_ingest_to_catch_up_ends_once_what_was_stored_is_applied_not_what_came_after() throws Exception {
        IngestStats stats = new IngestStats();
        stats.stored(100);
        CompletableFuture<Boolean> caughtUp = CompletableFuture.supplyAsync(() -> {
            try {
                return stats.awaitAppliedWhatIsStored(10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        stats.stored(100); // stored after the call: not waited for
        stats.applied(60, 1_000_000);
        Thread.sleep(50);
        assertThat(caughtUp).as("40 of the first 100 are not applied yet").isNotDone();
        stats.applied(40, 1_000_000);
        assertThat(caughtUp.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void waiting_for_ingest_to_catch_up_gives_up_after_its_time() throws Exception {
        IngestStats stats = new IngestStats();
        stats.stored(100);
        long began = System.nanoTime();
        assertThat(stats.awaitAppliedWhatIsStored(100)).isFalse();
        assertThat(System.nanoTime() - began).isGreaterThanOrEqualTo(100_000_000L);
        assertThat(new IngestStats().awaitAppliedWhatIsStored(0)).as("nothing stored: caught up").isTrue();
    }
}
