package io.siyu.playbook;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The idempotency key of one action for one customer on one occasion (a fact, a day, a cron
 * occurrence, a population refresh): {@code second:occasion:playbook@version:rule:action:customer}.
 *
 * <p>It starts with the occasion's time — a fact's own time, the day, the occurrence — to the
 * minute, as eleven digits of epoch seconds, then the occasion (a fact: its kind and id), so keys sort about as they
 * are made: facts of one minute arrive within it or a few seconds later, and sources number them in
 * order, so a commit's keys land on the last page of one or two minutes' range per kind of fact.
 * Keys that started with the customer (V12) landed on a random page each, and so did keys with the
 * customer right after the time (measured: 31 pages of that index written per commit of 100 facts).
 * The time is part of the occasion, so the same action on the same occasion always makes the same
 * key and de-duplication holds; a fact resent with the same id but another time makes another key
 * (the ledger still knows the first within its retention).
 */
public final class OutcomeKey {
    private static final int SECOND_DIGITS = 11;

    private OutcomeKey() {
    }

    public static String of(long occasionSecond, Playbook p, Playbook.Rule rule, int action, String customerId, String occasion) {
        return minute(occasionSecond) + ":" + occasion + ":" + p.name() + "@" + p.version() + ":" + rule.name() + ":" + action + ":" + customerId;
    }

    /**
     * The key in the form Siyu first made keys in, {@code playbook@version:rule:action:customer:occasion},
     * from this form or V12's (the customer in front). Webhook calls carry it as their idempotency
     * key, so a gateway recognises a retry across upgrades; the ledger reads the rule out of it.
     */
    public static String originalForm(String key, String customerId) {
        String suffix = ":" + customerId;
        if (key.length() > SECOND_DIGITS + 1 + suffix.length() && key.charAt(SECOND_DIGITS) == ':' && isSecond(key) && key.endsWith(suffix)) {
            String middle = key.substring(SECOND_DIGITS + 1, key.length() - suffix.length()); // occasion:playbook@version:rule:action
            int action = middle.lastIndexOf(':');
            int rule = action > 0 ? middle.lastIndexOf(':', action - 1) : -1;
            int playbook = rule > 0 ? middle.lastIndexOf(':', rule - 1) : -1;
            if (playbook > 0) { // names have no ':'; the occasion may
                return middle.substring(playbook + 1) + suffix + ":" + middle.substring(0, playbook);
            }
        }
        return key.startsWith(customerId + ":") ? key.substring(customerId.length() + 1) : key;
    }

    private static boolean isSecond(String key) {
        for (int i = 0; i < SECOND_DIGITS; i++) {
            char ch = key.charAt(i);
            if (!(ch >= '0' && ch <= '9' || ch == '-' && i == 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first second of the occasion's minute, as {@link #second}: facts arrive up to seconds
     * late, and a commit's keys then share the few minute ranges (one per kind of fact) where keys
     * of each second had their own — measured in-process at 50,000 customers: 18 pages of the key
     * index written per commit with seconds, 31 with the customer after the second.
     */
    static String minute(long occasionSecond) {
        return second(occasionSecond - Math.floorMod(occasionSecond, 60L));
    }

    /**
     * Eleven characters that sort as the seconds do from 1970 to the year 5138; earlier seconds
     * (never made by a live server) are a '-' and ten digits of their magnitude — same width,
     * unique, sorting before the rest.
     */
    static String second(long epochSecond) {
        String digits = Long.toString(Math.abs(epochSecond));
        int width = epochSecond < 0 ? SECOND_DIGITS - 1 : SECOND_DIGITS;
        if (digits.length() > width) {
            throw new IllegalArgumentException("an occasion at epoch second " + epochSecond + " is outside what outcome keys can hold");
        }
        return (epochSecond < 0 ? "-" : "") + "0".repeat(width - digits.length()) + digits;
    }

    /**
     * A key as Siyu made it before this form ({@code customer:playbook@version:rule:action:customer:occasion},
     * V12), in this form: the occasion's time read back from the occasion ("day:2024-07-01",
     * "day:…Z", "cron:…Z", "refresh:…Z") as the playbooks now make it, else {@code createdAt} — a
     * fact-made outcome's time is its fact's.
     */
    public static String fromCustomerFirst(String oldKey, String customerId, long createdAt) {
        String prefix = customerId + ":";
        if (!oldKey.startsWith(prefix)) {
            throw new IllegalArgumentException("outcome key '" + oldKey + "' does not start with its customer '" + prefix + "'");
        }
        String rest = oldKey.substring(prefix.length()); // playbook@version:rule:action:customer:occasion
        int at = 0;
        for (int colons = 0; colons < 3; colons++) { // playbook, rule and action names have no ':'
            at = rest.indexOf(':', at) + 1;
            if (at == 0) {
                throw new IllegalArgumentException("outcome key '" + oldKey + "' has fewer parts than playbook@version:rule:action:customer:occasion");
            }
        }
        String tail = rest.substring(at);
        String occasion = tail.startsWith(prefix) ? tail.substring(prefix.length()) : tail;
        return minute(occasionSecond(occasion, createdAt)) + ":" + occasion + ":" + rest.substring(0, at) + customerId;
    }

    /** The time an occasion names, or {@code otherwise} when it names none (a fact id). */
    static long occasionSecond(String occasion, long otherwise) {
        try {
            if (occasion.startsWith("day:")) {
                String day = occasion.substring(4);
                return day.length() == 10 ? LocalDate.parse(day).toEpochDay() * 86_400 : Instant.parse(day).getEpochSecond();
            }
            if (occasion.startsWith("cron:") || occasion.startsWith("refresh:")) {
                return Instant.parse(occasion.substring(occasion.indexOf(':') + 1)).getEpochSecond();
            }
        } catch (DateTimeException notATime) {
            // a fact whose id happens to start like an occasion: its time is the fact's
        }
        return otherwise;
    }
}
