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

    @Test
    void local_epoch_day_is_right_when_zones_alternate_and_around_the_last_change_of_offset() {
        // Moscow's last change was 2014-10-26, Shanghai's 1991-09-15: the instants either side of it take different paths
        ZoneId[] zones = {ZoneId.of("Asia/Shanghai"), ZoneId.of("Europe/Moscow"), ZoneId.of("+05:30"), ZoneId.of("America/New_York"),
                ZoneId.of("Asia/Shanghai"), ZoneId.of("UTC")};
        long[] around = {684_000_000L, 1_414_270_800L, 0L, 1_700_000_000L};
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            ZoneId zone = zones[random.nextInt(zones.length)];
            long second = around[random.nextInt(around.length)] + random.nextLong(-100_000_000L, 100_000_000L);
            assertThat(Timestamps.localEpochDay(second, zone)).as("%s at %d", zone, second)
                    .isEqualTo(Instant.ofEpochSecond(second).atZone(zone).toLocalDate().toEpochDay());
        }
    }
}
