package io.siyu.web;

import java.util.regex.Pattern;

/**
 * Personal data shown only to whom it is for (DESIGN §5): staff (their own customers) and admins
 * see phone numbers and names in full; operators and managers, who work on layers and progress,
 * see 138****5678 and 王*.
 */
final class Masking {
    private static final Pattern PHONE = Pattern.compile("(?<!\\d)(1\\d{2})\\d{4}(\\d{4})(?!\\d)");

    private Masking() {}

    static boolean needed(SiyuUser user) {
        return user.role().equals("operator") || user.role().equals("manager");
    }

    /** Masks mainland mobile numbers anywhere in a text. */
    static String phones(String text) {
        return text == null ? null : PHONE.matcher(text).replaceAll("$1****$2");
    }

    /** Keeps the first character of a name. */
    static String name(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        int first = name.offsetByCodePoints(0, 1);
        return name.substring(0, first) + "*".repeat(Math.max(1, name.codePointCount(first, name.length())));
    }
}
