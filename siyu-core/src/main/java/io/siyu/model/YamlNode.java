package io.siyu.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers where it was written, so every validation message can point at
 * file:line:column. Jackson's tree model drops positions, hence this small tree.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {
    Position position();

    /** Where a value sits: 1-based line and column, and the column where its text starts. */
    record Position(int line, int column) {}

    /** A scalar; {@code text} is null for YAML null ({@code ~} or empty). */
    record Scalar(String text, Position position, Position textStart, int continuationIndent)
            implements YamlNode {}

    record Entry(String key, Position keyPosition, YamlNode value) {}

    record Mapping(Map<String, Entry> entries, Position position) implements YamlNode {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public YamlNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }
    }

    record Sequence(List<YamlNode> items, Position position) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    default String kindName() {
        if (this instanceof Mapping) {
            return "a mapping (key: value lines)";
        }
        if (this instanceof Sequence) {
            return "a list (- items)";
        }
        return "a single value";
    }
}
