package io.siyu.facts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 timestamps as epoch seconds. A value without an offset is read in the given zone
 * (the model's time zone, Asia/Shanghai by default); a bare date means the start of that day.
 */
public final class Timestamps {
    private Timestamps() {}

    /**
     * Parses {@code 2024-05-01}, {@code 2024-05-01T10:00[:00]}, {@code 2024-05-01 10:00:00},
     * or any of these with {@code Z} or an offset.
     *
     * @throws DateTimeParseException with a message fit to show to the user
     */
    public static long parse(String text, ZoneId zone) {
        String s = text.strip();
        if (s.length() == 10) {
            return LocalDate.parse(s).atStartOfDay(zone).toEpochSecond();
        }
        if (s.length() > 10 && s.charAt(10) == ' ') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        if (s.endsWith("Z") || hasOffset(s)) {
            return OffsetDateTime.parse(s).toEpochSecond();
        }
        return LocalDateTime.parse(s).atZone(zone).toEpochSecond();
    }

    private static boolean hasOffset(String s) {
        int t = s.indexOf('T');
        if (t < 0) {
            return false;
        }
        for (int i = t + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+' || c == '-') {
                return true;
            }
        }
        return false;
    }

    /** Days since 1970-01-01 in the zone, for whole-day arithmetic such as "days since". */
    public static long localEpochDay(long epochSecond, ZoneId zone) {
        // the zone's offset at that instant, then whole days: what atZone().toLocalDate() gives, without building dates
        int offset = zone.getRules().getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
        return Math.floorDiv(epochSecond + offset, 86_400L);
    }
}
