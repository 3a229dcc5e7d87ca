package io.siyu.model;

/**
 * One problem found in a model file, with where it is and how to fix it. Rendered as
 * {@code file:line:column: message}, the offending source line, a caret, and a hint.
 */
public record ModelIssue(String source, int line, int column, String message, String hint, String sourceLine) {

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(source).append(':').append(line).append(':').append(column).append(": ").append(message);
        if (sourceLine != null && !sourceLine.isEmpty()) {
            out.append('\n').append("    ").append(sourceLine).append('\n').append("    ");
            for (int i = 1; i < column; i++) {
                out.append(i - 1 < sourceLine.length() && sourceLine.charAt(i - 1) == '\t' ? '\t' : ' ');
            }
            out.append('^');
        }
        if (hint != null && !hint.isEmpty()) {
            out.append('\n').append("  hint: ").append(hint);
        }
        return out.toString();
    }
}
