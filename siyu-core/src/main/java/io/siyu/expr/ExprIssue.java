package io.siyu.expr;

/** One problem in an expression: where (file:line:column), what, and a hint to fix it. */
public record ExprIssue(String sourceName, int line, int column, String message, String hint) {

    /** {@code file:line:column: message}, then {@code hint: …} when there is one. */
    public String render() {
        String head = sourceName + ":" + line + ":" + column + ": " + message;
        return hint == null ? head : head + "\n  hint: " + hint;
    }
}
