package io.siyu.playbook;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A five-field cron schedule (minute hour day-of-month month day-of-week), as in crontab:
 * {@code "0 10 * * MON"} is every Monday at 10:00. Occurrences are computed in a time zone.
 */
public final class Cron {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String text;
    private final ExecutionTime times;

    private Cron(String text, ExecutionTime times) {
        this.text = text;
        this.times = times;
    }

    /** Parses a schedule; a mistake throws {@link IllegalArgumentException} saying what is wrong. */
    public static Cron parse(String text) {
        try {
            return new Cron(text, ExecutionTime.forCron(PARSER.parse(text.strip())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The latest occurrence in {@code (after, until]}, or empty. */
    public Optional<Instant> latestBetween(Instant after, Instant until, ZoneId zone) {
        Optional<Instant> last = times.lastExecution(until.plusSeconds(1).atZone(zone)).map(z -> z.toInstant());
        return last.filter(t -> t.isAfter(after) && !t.isAfter(until));
    }

    /** The first occurrence after {@code after}, or empty when there is none. */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        return times.nextExecution(after.atZone(zone)).map(z -> z.toInstant());
    }

    @Override
    public String toString() {
        return text;
    }
}
