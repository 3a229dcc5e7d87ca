package io.siyu.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siyu.facts.Timestamps;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeParserTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    void knownValues() {
        TimeParser p = new TimeParser(SHANGHAI);
        // 2024-05-01T00:00+08:00 = 2024-04-30T16:00Z = 1714492800
        assertThat(p.parse("2024-05-01")).isEqualTo(1714492800L);
        assertThat(p.parse("2024-05-01T10:00:00+08:00")).isEqualTo(1714492800L + 36000);
        assertThat(p.parse("2024-05-01 10:00")).isEqualTo(1714492800L + 36000);
        assertThat(p.parse("2024-05-01T02:00:00.999Z")).isEqualTo(1714492800L + 36000);
        assertThat(p.parse(" 2024-05-01T10:00:00 ")).isEqualTo(1714492800L + 36000);
        // like Timestamps.parse, an offset needs its colon
        assertThatThrownBy(() -> p.parse("2024-05-01T10:00:00+0800")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> p.parse("2024-13-01")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> p.parse("2023-02-29")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> p.parse("2024-05-01T24:00")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> p.parse("yesterday")).isInstanceOf(DateTimeException.class);
    }

    @Test
    void daylightSavingGapAndOverlapAgreeWithJavaTime() {
        TimeParser p = new TimeParser(LONDON);
        for (String s : new String[] {"2011-03-27T01:30:00", "2011-10-30T01:30:00", "2011-10-30T00:59:59",
                "2011-03-27", "2011-07-01T12:00"}) {
            assertThat(p.parse(s)).as(s).isEqualTo(Timestamps.parse(s, LONDON));
        }
    }

    /** The fast path agrees with java.time (via Timestamps.parse) on every shape it handles. */
    @Test
    void agreesWithTimestamps() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(8601);
        for (int trial = 0; trial < 2000; trial++) {
            agreesWithTimestamps(1900 + random.nextInt(201), 1 + random.nextInt(12), 1 + random.nextInt(31),
                    random.nextInt(86400), random.nextInt(6), random.nextBoolean());
        }
    }

    /**
     * One parser over many days, as a file gives them: its offset cache grows from 16 days to 1024
     * and days that share a slot replace each other, daylight-saving changes among them.
     */
    @Test
    void oneParserAgreesWithTimestampsOverThousandsOfDays() {
        TimeParser p = new TimeParser(LONDON);
        java.time.LocalDate first = java.time.LocalDate.of(2010, 1, 1);
        for (int round = 0; round < 2; round++) { // the second round reads days the cache holds or has replaced
            for (int d = 0; d < 3000; d += 1 + round) {
                String text = first.plusDays(d) + "T01:30:00";
                assertThat(p.parse(text)).as(text).isEqualTo(Timestamps.parse(text, LONDON));
            }
        }
    }

    private void agreesWithTimestamps(int year, int month, int day, int second, int shape, boolean london) {
        ZoneId zone = london ? LONDON : SHANGHAI;
        int len = java.time.YearMonth.of(year, month).lengthOfMonth();
        LocalDateTime t = LocalDateTime.of(year, month, Math.min(day, len), 0, 0).plusSeconds(second);
        String text = switch (shape) {
            case 0 -> t.toLocalDate().toString();
            case 1 -> t.toString().substring(0, 16);
            case 2 -> t.toLocalDate() + " " + t.toLocalTime().withNano(0) + (t.getSecond() == 0 ? ":00" : "");
            case 3 -> t.atOffset(ZoneOffset.ofHoursMinutes(5, 30)).toString();
            case 4 -> t.atOffset(ZoneOffset.UTC).toString();
            default -> t.atOffset(ZoneOffset.ofHours(-7)).toString().replace("T", " ");
        };
        assertThat(new TimeParser(zone).parse(text)).as(text).isEqualTo(Timestamps.parse(text, zone));
    }
}
