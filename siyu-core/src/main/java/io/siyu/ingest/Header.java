package io.siyu.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Column names of a file, looked up case-insensitively; JSON Lines files grow it as keys appear. */
final class Header {
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();

    /** Adds a column and returns its index, or -1 - existing index when the name is already there. */
    int add(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        Integer existing = index.get(key);
        if (existing != null) {
            return -1 - existing;
        }
        names.add(name.strip());
        index.put(key, names.size() - 1);
        return names.size() - 1;
    }

    /** Index of a column, or -1. */
    int indexOf(String name) {
        Integer i = index.get(name.toLowerCase(Locale.ROOT));
        return i == null ? -1 : i;
    }

    /** Index of a column, adding it if new. */
    int intern(String name) {
        int i = add(name);
        return i >= 0 ? i : -1 - i;
    }

    String name(int i) {
        return names.get(i);
    }

    int size() {
        return names.size();
    }

    @Override
    public String toString() {
        return String.join(",", names);
    }
}
