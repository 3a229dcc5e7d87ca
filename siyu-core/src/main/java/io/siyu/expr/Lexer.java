package io.siyu.expr;

import java.util.ArrayList;
import java.util.List;

/** Splits expression text into tokens; reports unterminated strings and stray characters. */
final class Lexer {
    enum Kind { NUMBER, STRING, IDENT, OP, END }

    record Token(Kind kind, String text, int offset) {
        boolean is(String s) {
            return (kind == Kind.OP || kind == Kind.IDENT) && text.equals(s);
        }

        String describe() {
            return kind == Kind.END ? "the end of the expression" : "'" + text + "'";
        }
    }

    private static final String[] OPERATORS = {"==", "!=", "<=", ">=", "&&", "||", "??", "<", ">", "+", "-", "*", "/",
            "%", "(", ")", "[", "]", ",", "!"};

    static List<Token> tokens(String text, ExprSyntaxErrors errors) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
                int start = i;
                while (i < n && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
                    i++;
                    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                        i++;
                    }
                    while (i < n && Character.isDigit(text.charAt(i))) {
                        i++;
                    }
                }
                out.add(new Token(Kind.NUMBER, text.substring(start, i), start));
            } else if (c == '\'' || c == '"') {
                int start = i++;
                StringBuilder value = new StringBuilder();
                boolean closed = false;
                while (i < n) {
                    char d = text.charAt(i++);
                    if (d == '\\' && i < n) {
                        value.append(text.charAt(i++));
                    } else if (d == c) {
                        closed = true;
                        break;
                    } else {
                        value.append(d);
                    }
                }
                if (!closed) {
                    errors.add(start, "unterminated string", "close it with " + c);
                }
                out.add(new Token(Kind.STRING, value.toString(), start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, text.substring(start, i), start));
            } else {
                String op = null;
                for (String candidate : OPERATORS) {
                    if (text.startsWith(candidate, i)) {
                        op = candidate;
                        break;
                    }
                }
                if (op == null) {
                    errors.add(i, "unexpected character '" + c + "'",
                            c == '=' ? "compare with '==' (a single '=' is not an operator)" : null);
                    i++;
                } else {
                    out.add(new Token(Kind.OP, op, i));
                    i += op.length();
                }
            }
        }
        out.add(new Token(Kind.END, "", n));
        return out;
    }
}
