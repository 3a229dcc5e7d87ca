package io.siyu.playbook;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;

/**
 * Rules that keep Siyu from pestering anyone (不打扰): at most {@code maxPerWindow} contacts per
 * customer per channel in {@code window}; nothing in quiet hours (customer's local time); nothing
 * to customers marked do-not-contact or without consent; the same rule not twice for the same
 * customer within {@code dedupWindow}. Staff tasks that ask staff to contact a customer count as
 * the channel "staff".
 */
public record ContactPolicy(Map<String, Integer> maxPerWindow, Duration window, LocalTime quietFrom, LocalTime quietTo,
                            Duration dedupWindow) {

    public static final ContactPolicy DEFAULT = new ContactPolicy(Map.of("*", 2), Duration.ofDays(7),
            LocalTime.of(21, 0), LocalTime.of(9, 0), Duration.ofDays(3));

    int capFor(String channel) {
        return maxPerWindow.getOrDefault(channel, maxPerWindow.getOrDefault("*", Integer.MAX_VALUE));
    }

    boolean isQuiet(LocalTime t) {
        if (quietFrom == null || quietTo == null || quietFrom.equals(quietTo)) {
            return false;
        }
        return quietFrom.isBefore(quietTo) ? !t.isBefore(quietFrom) && t.isBefore(quietTo)
                : !t.isBefore(quietFrom) || t.isBefore(quietTo);
    }
}
