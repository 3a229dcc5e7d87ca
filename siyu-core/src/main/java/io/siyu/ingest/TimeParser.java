package io.siyu.ingest;

import io.siyu.facts.Timestamps;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Arrays;

/**
 * Parses ISO-8601 timestamps exactly as {@link Timestamps#parse} does, but without allocating for
 * the common shapes ({@code 2024-05-01}, {@code 2024-05-01T10:00[:00[.123]]}, a space instead of
 * {@code T}, {@code Z} or {@code +08:00}). Anything else, and local times on days with a
 * daylight-saving transition nearby, goes to {@link Timestamps#parse}. Not thread-safe (it caches
 * per-day zone offsets).
 */
final class TimeParser {
    private static final long FALLBACK = Long.MIN_VALUE;
    private static final int NOT_UNIFORM = Integer.MIN_VALUE;
    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private final ZoneId zone;
    private final ZoneRules rules;
    private final boolean fixed;
    private final int fixedOffset;
    // offsets by local day, direct-mapped: small at first (the server makes a parser per request, whose
    // facts span a day or two), grown to MAX_CACHE as a file's many days miss it
    private static final int MAX_CACHE = 1024;
    private long[] cacheDay = new long[16];
    private int[] cacheOffset = new int[16];
    private int misses;

    TimeParser(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
        this.fixed = rules.isFixedOffset();
        this.fixedOffset = fixed ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : 0;
        Arrays.fill(cacheDay, Long.MIN_VALUE);
    }

    /**
     * Epoch seconds of the text.
     *
     * @throws DateTimeException when the text is not an ISO-8601 date or timestamp
     */
    long parse(String text) {
        long v = fast(text);
        return v != FALLBACK ? v : Timestamps.parse(text, zone);
    }

    private long fast(String text) {
        String s = text;
        int n = s.length();
        if (n > 0 && (s.charAt(0) <= ' ' || s.charAt(n - 1) <= ' ')) {
            s = s.strip();
            n = s.length();
        }
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return FALLBACK;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) {
            return FALLBACK;
        }
        long epochDay = epochDay(year, month, day);
        if (n == 10) {
            return local(epochDay, 0);
        }
        char sep = s.charAt(10);
        if ((sep != 'T' && sep != ' ') || n < 16 || s.charAt(13) != ':') {
            return FALLBACK;
        }
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = 0;
        int i = 16;
        if (i < n && s.charAt(i) == ':') {
            if (n < 19) {
                return FALLBACK;
            }
            second = digits(s, 17, 2);
            i = 19;
            if (i < n && s.charAt(i) == '.') {
                int j = i + 1;
                while (j < n && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                    j++;
                }
                if (j == i + 1 || j - i - 1 > 9) {
                    return FALLBACK;
                }
                i = j;
            }
        }
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return FALLBACK;
        }
        int secondOfDay = hour * 3600 + minute * 60 + second;
        if (i == n) {
            return local(epochDay, secondOfDay);
        }
        long utcLocal = epochDay * 86400L + secondOfDay;
        char c = s.charAt(i);
        if (c == 'Z' && i + 1 == n) {
            return utcLocal;
        }
        if ((c == '+' || c == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                return FALLBACK;
            }
            int offset = oh * 3600 + om * 60;
            return c == '+' ? utcLocal - offset : utcLocal + offset;
        }
        return FALLBACK;
    }

    private long local(long epochDay, int secondOfDay) {
        int offset = fixed ? fixedOffset : offsetOfDay(epochDay);
        if (offset == NOT_UNIFORM) {
            return FALLBACK;
        }
        return epochDay * 86400L + secondOfDay - offset;
    }

    /** The zone's offset on that local day, or NOT_UNIFORM if a transition is within a day of it. */
    private int offsetOfDay(long epochDay) {
        int slot = (int) (epochDay & (cacheDay.length - 1));
        if (cacheDay[slot] == epochDay) {
            return cacheOffset[slot];
        }
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        Instant start = date.atStartOfDay(zone).toInstant();
        Instant end = date.plusDays(1).atStartOfDay(zone).toInstant();
        ZoneOffsetTransition next = rules.nextTransition(start.minusSeconds(86400));
        int offset = next == null || !next.getInstant().isBefore(end.plusSeconds(86400))
                ? rules.getOffset(start).getTotalSeconds()
                : NOT_UNIFORM;
        if (++misses > cacheDay.length && cacheDay.length < MAX_CACHE) {
            cacheDay = new long[cacheDay.length * 4];
            cacheOffset = new int[cacheDay.length];
            Arrays.fill(cacheDay, Long.MIN_VALUE);
            misses = 0;
            slot = (int) (epochDay & (cacheDay.length - 1));
        }
        cacheDay[slot] = epochDay;
        cacheOffset[slot] = offset;
        return offset;
    }

    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int monthLength(int year, int month) {
        if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) {
            return 29;
        }
        return DAYS_IN_MONTH[month - 1];
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (civil-from-days inverted). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
