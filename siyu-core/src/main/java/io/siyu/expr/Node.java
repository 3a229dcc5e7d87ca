package io.siyu.expr;

import java.util.List;

/** The parsed syntax tree; each node remembers the offset of its first character. */
sealed interface Node {
    int offset();

    record NumberLiteral(int offset, double value) implements Node {}

    record StringLiteral(int offset, String value) implements Node {}

    record BoolLiteral(int offset, boolean value) implements Node {}

    record NullLiteral(int offset) implements Node {}

    record Name(int offset, String name) implements Node {}

    /** {@code -x} or {@code not x}. */
    record Unary(int offset, String op, Node operand) implements Node {}

    /** Arithmetic, comparison, {@code and}, {@code or}, {@code ??}; {@code opOffset} is the operator's. */
    record Binary(int offset, int opOffset, String op, Node left, Node right) implements Node {}

    /** {@code x in [a, b]} or {@code x not in [...]}. */
    record In(int offset, Node value, List<Node> items, boolean negated) implements Node {}

    record Call(int offset, String function, List<Node> args) implements Node {}
}
