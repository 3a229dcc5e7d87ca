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
        SettledOffset settled = lastSettled;
        if (!settled.zone.equals(zone)) {
            settled = SETTLED.computeIfAbsent(zone, SettledOffset::of); // models in several zones alternate
            lastSettled = settled;
        }
        int offset = epochSecond >= settled.since ? settled.offset
                : zone.getRules().getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
        return Math.floorDiv(epochSecond + offset, 86_400L);
    }

    /**
     * The zone most recently asked about. Engines ask for millions of instants in one zone, and
     * looking each one up in the zone's history of transitions was a visible share of applying a
     * fact; most zones (Asia/Shanghai since 1991) have not changed offset for decades.
     */
    private static volatile SettledOffset lastSettled = SettledOffset.of(ZoneId.of("UTC"));
    private static final java.util.concurrent.ConcurrentHashMap<ZoneId, SettledOffset> SETTLED = new java.util.concurrent.ConcurrentHashMap<>();

    /** From {@code since} (epoch seconds) on, {@code zone} keeps {@code offset}; never, if it still has daylight saving rules. */
    private record SettledOffset(ZoneId zone, long since, int offset) {
        static SettledOffset of(ZoneId zone) {
            java.time.zone.ZoneRules rules = zone.getRules();
            if (rules.isFixedOffset()) {
                return new SettledOffset(zone, Long.MIN_VALUE, rules.getOffset(Instant.EPOCH).getTotalSeconds());
            }
            if (!rules.getTransitionRules().isEmpty()) {
                return new SettledOffset(zone, Long.MAX_VALUE, 0);
            }
            java.util.List<java.time.zone.ZoneOffsetTransition> transitions = rules.getTransitions();
            if (transitions.isEmpty()) {
                return new SettledOffset(zone, Long.MAX_VALUE, 0);
            }
            java.time.zone.ZoneOffsetTransition last = transitions.get(transitions.size() - 1);
            return new SettledOffset(zone, last.toEpochSecond(), last.getOffsetAfter().getTotalSeconds());
        }
    }
}
