package io.siyu.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void local_epoch_day_is_the_zoned_date_across_zones_offsets_and_daylight_saving() {
        SplittableRandom random = new SplittableRandom(7);
        for (String id : new String[] {"Asia/Shanghai", "UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe",
                "Asia/Kathmandu", "Pacific/Chatham"}) {
            ZoneId zone = ZoneId.of(id);
            for (int i = 0; i < 20_000; i++) {
                long second = random.nextLong(-2_000_000_000L, 4_000_000_000L);
                assertThat(Timestamps.localEpochDay(second, zone)).as("%s at %d", id, second)
                        .isEqualTo(Instant.ofEpochSecond(second).atZone(zone).toLocalDate().toEpochDay());
            }
        }
    }
}
