package io.siyu.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** A clock a test moves forward by hand, as midnight passes under a running workspace. */
final class MovableClock extends Clock {
    private final Clock base;
    private volatile Duration shift = Duration.ZERO;

    MovableClock(Clock base) {
        this.base = base;
    }

    /** Stopped at a local date-time in {@code zone} until moved. */
    static MovableClock at(String localDateTime, ZoneId zone) {
        return new MovableClock(Clock.fixed(LocalDateTime.parse(localDateTime).atZone(zone).toInstant(), zone));
    }

    void moveTo(String localDateTime) {
        shift = Duration.between(base.instant(), LocalDateTime.parse(localDateTime).atZone(base.getZone()).toInstant());
    }

    void advance(Duration by) {
        shift = shift.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(shift);
    }
}
