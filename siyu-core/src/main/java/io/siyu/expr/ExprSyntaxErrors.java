package io.siyu.expr;

import java.util.ArrayList;
import java.util.List;

/** Collects issues by character offset and turns them into positioned {@link ExprIssue}s. */
final class ExprSyntaxErrors {
    private final ExprSource source;
    private final List<ExprIssue> issues = new ArrayList<>();

    ExprSyntaxErrors(ExprSource source) {
        this.source = source;
    }

    void add(int offset, String message, String hint) {
        int[] pos = source.position(offset);
        issues.add(new ExprIssue(source.sourceName(), pos[0], pos[1], message, hint));
    }

    boolean any() {
        return !issues.isEmpty();
    }

    void throwIfAny() {
        if (!issues.isEmpty()) {
            throw new ExprException(issues);
        }
    }
}
