package io.siyu.model;

import java.util.List;
import java.util.stream.Collectors;

/** A model that cannot be used; carries every issue found, each with file:line:column. */
public final class ModelException extends RuntimeException {
    private final List<ModelIssue> issues;

    public ModelException(List<ModelIssue> issues) {
        super(issues.stream().map(ModelIssue::render).collect(Collectors.joining("\n")));
        this.issues = List.copyOf(issues);
    }

    public List<ModelIssue> issues() {
        return issues;
    }
}
