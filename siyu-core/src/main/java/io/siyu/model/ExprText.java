package io.siyu.model;

/** An expression as written in a model file, with the position of its first character. */
public record ExprText(String text, String source, int line, int column, int continuationIndent) {
    @Override
    public String toString() {
        return text;
    }
}
