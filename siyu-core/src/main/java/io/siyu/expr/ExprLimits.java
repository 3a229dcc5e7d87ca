package io.siyu.expr;

/** Safety limits on expressions a user can write: text length and nesting depth. */
public record ExprLimits(int maxLength, int maxDepth) {
    public static final ExprLimits DEFAULT = new ExprLimits(4000, 64);
}
