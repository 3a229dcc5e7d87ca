package io.siyu.cli;

/**
 * A problem the user can fix: unreadable data, a missing file, an unknown customer (exit 1), or
 * a bad option value (exit 2). The message says what was wrong and how to fix it.
 */
final class UserError extends RuntimeException {
    private final int exitCode;

    UserError(String message) {
        this(message, 1);
    }

    UserError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    static UserError usage(String message) {
        return new UserError(message, 2);
    }

    int exitCode() {
        return exitCode;
    }
}
