package io.siyu.tuning;

/**
 * Numeric tuning knobs given as {@code -Dsiyu.…} system properties (docs/operations.md). A value
 * that is not a whole number, or is below the knob's least sensible value, stops the program with
 * a message naming the property, instead of silently running with the default as
 * {@link Long#getLong} would.
 */
public final class Tuning {
    private Tuning() {
    }

    /** The whole-number system property {@code name}, or {@code fallback} when it is not set. */
    public static long longProperty(String name, long fallback, long least) {
        return parse(name, System.getProperty(name), fallback, least);
    }

    /** As {@link #longProperty}, for knobs that are ints. */
    public static int intProperty(String name, int fallback, int least) {
        long value = longProperty(name, fallback, least);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(describe(name, Long.toString(value), "at most " + Integer.MAX_VALUE, fallback));
        }
        return (int) value;
    }

    /**
     * Runs {@code readKnobs} — code that loads the classes whose static fields read knobs — and
     * returns the first malformed knob's message, or null when all are well. A knob read as a class
     * loads fails as an {@link ExceptionInInitializerError}; a program calls this first, so the user
     * gets that one line instead of a stack trace from whatever touched the class.
     */
    public static String problemReading(Runnable readKnobs) {
        try {
            readKnobs.run();
            return null;
        } catch (ExceptionInInitializerError e) {
            return e.getCause() == null ? e.toString() : e.getCause().getMessage();
        }
    }

    static long parse(String name, String value, long fallback, long least) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(describe(name, value, "a whole number", fallback), e);
        }
        if (parsed < least) {
            throw new IllegalArgumentException(describe(name, value, "at least " + least, fallback));
        }
        return parsed;
    }

    private static String describe(String name, String value, String wanted, long fallback) {
        return "-D" + name + "=" + value + " must be " + wanted + ": give one (e.g. -D" + name + "=" + fallback
                + ", the default) or leave the option out";
    }
}
