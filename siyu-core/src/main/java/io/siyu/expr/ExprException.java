package io.siyu.expr;

import java.util.List;
import java.util.stream.Collectors;

/** An expression that cannot be used, with every issue found. */
public final class ExprException extends RuntimeException {
    private final List<ExprIssue> issues;

    public ExprException(List<ExprIssue> issues) {
        super(issues.stream().map(ExprIssue::render).collect(Collectors.joining("\n")));
        this.issues = List.copyOf(issues);
    }

    public List<ExprIssue> issues() {
        return issues;
    }
}
