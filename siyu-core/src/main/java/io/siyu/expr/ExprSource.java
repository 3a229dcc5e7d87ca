package io.siyu.expr;

/**
 * An expression's text and where it was written: the file (or form field) and the line and
 * column of its first character, so issues point into the user's file. For a multi-line
 * (block) text, {@code continuationIndent} is the indentation the file adds to later lines.
 */
public record ExprSource(String sourceName, String text, int line, int column, int continuationIndent) {

    public static ExprSource of(String text) {
        return new ExprSource("<input>", text, 1, 1, 0);
    }

    /** The 1-based line and column of a character offset within the text. */
    int[] position(int offset) {
        int line = this.line;
        int lineStart = 0;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = lineStart == 0 ? this.column + offset : continuationIndent + (offset - lineStart) + 1;
        return new int[] {line, column};
    }
}
