package io.siyu.facts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Distinct strings numbered in first-seen order, so columns can hold {@code int} codes. */
public final class Dictionary {
    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> values = new ArrayList<>();

    public int encode(String value) {
        Integer code = codes.get(value);
        if (code != null) {
            return code;
        }
        int next = values.size();
        codes.put(value, next);
        values.add(value);
        return next;
    }

    /** The code of a value, or {@code -2} when it never occurs (so no row can equal it). */
    public int lookup(String value) {
        Integer code = codes.get(value);
        return code == null ? -2 : code;
    }

    public String decode(int code) {
        return values.get(code);
    }

    public int size() {
        return values.size();
    }
}
