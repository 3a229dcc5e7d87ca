package io.siyu.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The as-of instant of a run. A bare date means the end of that day in the model's time zone,
 * so every fact of that day counts; a timestamp is taken as written; absent means now (the only
 * place Siyu reads the wall clock).
 */
final class AsOf {
    private AsOf() {}

    static Instant resolve(String text, ZoneId zone) {
        if (text == null) {
            return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        }
        try {
            if (text.strip().length() == 10) {
                return LocalDate.parse(text.strip()).plusDays(1).atStartOfDay(zone).toInstant().minusSeconds(1);
            }
            return Instant.ofEpochSecond(io.siyu.facts.Timestamps.parse(text, zone));
        } catch (java.time.format.DateTimeParseException e) {
            throw UserError.usage("Invalid value for option '--as-of': '" + text
                    + "' is not a date or timestamp (expected e.g. 2024-05-01 or 2024-05-01T10:00:00+08:00)");
        }
    }
}
