package io.siyu.expr;

import io.siyu.expr.Lexer.Kind;
import io.siyu.expr.Lexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser. Precedence, lowest first: {@code ??}, {@code or}, {@code and},
 * {@code not}, comparisons and {@code in}, {@code + -}, {@code * / %}, unary minus, primary.
 */
final class Parser {
    /** Thrown after the first syntax error: what follows it would only produce noise. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private final List<Token> tokens;
    private final ExprSyntaxErrors errors;
    private final int maxDepth;
    private int pos;
    private int depth;

    private Parser(List<Token> tokens, ExprSyntaxErrors errors, int maxDepth) {
        this.tokens = tokens;
        this.errors = errors;
        this.maxDepth = maxDepth;
    }

    static Node parse(ExprSource source, ExprLimits limits) {
        ExprSyntaxErrors errors = new ExprSyntaxErrors(source);
        if (source.text().length() > limits.maxLength()) {
            errors.add(0, "expression is " + source.text().length() + " characters long, more than the limit of "
                    + limits.maxLength(), "split it into named derived values");
            errors.throwIfAny();
        }
        List<Token> tokens = Lexer.tokens(source.text(), errors);
        errors.throwIfAny();
        Parser parser = new Parser(tokens, errors, limits.maxDepth());
        try {
            if (parser.peek().kind() == Kind.END) {
                errors.add(0, "empty expression", "write a condition such as paid_orders > 0");
                throw new Stop();
            }
            Node node = parser.coalesce();
            if (parser.peek().kind() != Kind.END) {
                Token t = parser.peek();
                errors.add(t.offset(), "unexpected " + t.describe() + " after a complete expression",
                        t.is(")") ? "remove it or add the matching '('" : "join the parts with 'and' / 'or', or an operator");
                throw new Stop();
            }
            return node;
        } catch (Stop stop) {
            errors.throwIfAny();
            throw new IllegalStateException("parser stopped without an issue");
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private boolean accept(String... ops) {
        for (String op : ops) {
            if (peek().is(op)) {
                pos++;
                return true;
            }
        }
        return false;
    }

    private void enter(int offset) {
        if (++depth > maxDepth) {
            errors.add(offset, "expression is nested more than " + maxDepth + " levels deep",
                    "split it into named derived values");
            throw new Stop();
        }
    }

    private Node coalesce() {
        Node left = or();
        while (peek().is("??")) {
            Token op = next();
            left = new Node.Binary(left.offset(), op.offset(), "??", left, operand(op, this::or));
        }
        return left;
    }

    private Node or() {
        Node left = and();
        while (peek().is("or") || peek().is("||")) {
            Token op = next();
            left = new Node.Binary(left.offset(), op.offset(), "or", left, operand(op, this::and));
        }
        return left;
    }

    private Node and() {
        Node left = not();
        while (peek().is("and") || peek().is("&&")) {
            Token op = next();
            left = new Node.Binary(left.offset(), op.offset(), "and", left, operand(op, this::not));
        }
        return left;
    }

    private Node not() {
        if (peek().is("not") || peek().is("!")) {
            Token op = next();
            enter(op.offset());
            Node operand = operand(op, this::not);
            depth--;
            return new Node.Unary(op.offset(), "not", operand);
        }
        return comparison();
    }

    private Node comparison() {
        Node left = additive();
        Token t = peek();
        if (t.is("==") || t.is("!=") || t.is("<") || t.is("<=") || t.is(">") || t.is(">=")) {
            next();
            Node right = operand(t, this::additive);
            Token again = peek();
            if (again.is("==") || again.is("!=") || again.is("<") || again.is("<=") || again.is(">") || again.is(">=")) {
                errors.add(again.offset(), "comparisons cannot be chained",
                        "write 'a < b and b < c' instead of 'a < b < c'");
                throw new Stop();
            }
            return new Node.Binary(left.offset(), t.offset(), t.text(), left, right);
        }
        boolean negated = false;
        if (t.is("not") && pos + 1 < tokens.size() && tokens.get(pos + 1).is("in")) {
            next();
            negated = true;
        }
        if (peek().is("in")) {
            Token in = next();
            if (!accept("[")) {
                errors.add(peek().offset(), "expected '[' after 'in', found " + peek().describe(),
                        "write a list: status in ['paid', 'refunded']");
                throw new Stop();
            }
            List<Node> items = new ArrayList<>();
            if (!peek().is("]")) {
                do {
                    items.add(operand(in, this::additive));
                } while (accept(","));
            }
            if (!accept("]")) {
                errors.add(peek().offset(), "expected ',' or ']' in the list, found " + peek().describe(), null);
                throw new Stop();
            }
            return new Node.In(left.offset(), left, items, negated);
        }
        return left;
    }

    private Node additive() {
        Node left = multiplicative();
        while (peek().is("+") || peek().is("-")) {
            Token op = next();
            left = new Node.Binary(left.offset(), op.offset(), op.text(), left, operand(op, this::multiplicative));
        }
        return left;
    }

    private Node multiplicative() {
        Node left = unary();
        while (peek().is("*") || peek().is("/") || peek().is("%")) {
            Token op = next();
            left = new Node.Binary(left.offset(), op.offset(), op.text(), left, operand(op, this::unary));
        }
        return left;
    }

    private Node unary() {
        if (peek().is("-")) {
            Token op = next();
            enter(op.offset());
            Node operand = operand(op, this::unary);
            depth--;
            return new Node.Unary(op.offset(), "-", operand);
        }
        return primary();
    }

    /** Parses the right side of an operator, reporting "expected an expression after 'x'" when missing. */
    private Node operand(Token after, java.util.function.Supplier<Node> rule) {
        Token t = peek();
        if (t.kind() == Kind.END || t.is(")") || t.is("]") || t.is(",") || (t.kind() == Kind.OP && isBinaryOnly(t))) {
            errors.add(t.offset(), "expected an expression after '" + after.text() + "', found " + t.describe(), null);
            throw new Stop();
        }
        return rule.get();
    }

    private static boolean isBinaryOnly(Token t) {
        return switch (t.text()) {
            case "==", "!=", "<", "<=", ">", ">=", "&&", "||", "??", "*", "/", "%", "+" -> true;
            default -> false;
        };
    }

    private Node primary() {
        Token t = next();
        switch (t.kind()) {
            case NUMBER:
                try {
                    return new Node.NumberLiteral(t.offset(), Double.parseDouble(t.text()));
                } catch (NumberFormatException e) {
                    errors.add(t.offset(), "'" + t.text() + "' is not a number", null);
                    throw new Stop();
                }
            case STRING:
                return new Node.StringLiteral(t.offset(), t.text());
            case IDENT:
                return identifier(t);
            default:
                if (t.is("(")) {
                    enter(t.offset());
                    Node inner = coalesce();
                    depth--;
                    if (!accept(")")) {
                        errors.add(peek().offset(), "expected ')' to close '(', found " + peek().describe(),
                                "add the missing ')'");
                        throw new Stop();
                    }
                    return inner;
                }
                errors.add(t.offset(), "unexpected " + t.describe(), t.kind() == Kind.END
                        ? "the expression ends too early" : null);
                throw new Stop();
        }
    }

    private Node identifier(Token t) {
        switch (t.text()) {
            case "true":
                return new Node.BoolLiteral(t.offset(), true);
            case "false":
                return new Node.BoolLiteral(t.offset(), false);
            case "null":
                return new Node.NullLiteral(t.offset());
            case "and", "or", "in":
                errors.add(t.offset(), "expected an expression, found '" + t.text() + "'", null);
                throw new Stop();
            default:
                break;
        }
        if (!peek().is("(")) {
            return new Node.Name(t.offset(), t.text());
        }
        next();
        enter(t.offset());
        List<Node> args = new ArrayList<>();
        if (!peek().is(")")) {
            do {
                args.add(operand(t, this::coalesce));
            } while (accept(","));
        }
        depth--;
        if (!accept(")")) {
            errors.add(peek().offset(), "expected ',' or ')' in the call of '" + t.text() + "', found " + peek().describe(), null);
            throw new Stop();
        }
        return new Node.Call(t.offset(), t.text(), args);
    }
}
