package io.siyu.facts;

/** Writing CSV fields (RFC 4180), shared by everything Siyu writes as CSV. */
public final class CsvText {
    private CsvText() {}

    /** Quotes a field holding a comma, quote or line break, doubling inner quotes; null is empty. */
    public static String quote(String s) {
        if (s == null) {
            return "";
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r') {
                return '"' + s.replace("\"", "\"\"") + '"';
            }
        }
        return s;
    }
}
