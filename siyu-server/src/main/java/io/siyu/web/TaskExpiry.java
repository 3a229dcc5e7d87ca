package io.siyu.web;

import java.time.Clock;
import java.time.Duration;

/**
 * When an open task counts as expired: {@code siyu.task-expiry} (a day by default) after its due
 * time. Until then an overdue task stays open — a lead not called within the half hour is still
 * worth the call — and after it the task leaves the open lists and counts as expired for managers.
 * Expiry is read from the clock, not written by a timer, so it holds across restarts by construction.
 */
record TaskExpiry(Clock clock, Duration after) {
    TaskExpiry {
        if (after.isNegative()) {
            throw new IllegalArgumentException("siyu.task-expiry must not be negative, not " + after
                    + " (e.g. siyu.task-expiry=1d, or 0s to expire tasks at their due time)");
        }
    }

    /** Open tasks due before this epoch second are expired now. */
    long expiredBefore() {
        return clock.instant().minus(after).getEpochSecond();
    }
}
