package io.siyu.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads YAML text into {@link YamlNode}s with positions, reporting syntax errors as issues (models, playbooks). */
public final class YamlReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final String source;
    private final String[] lines;

    public YamlReader(String source, String text) {
        this.source = source;
        this.lines = text.split("\r?\n", -1);
    }

    public String line(int oneBased) {
        return oneBased >= 1 && oneBased <= lines.length ? lines[oneBased - 1] : "";
    }

    public YamlNode read(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ModelException(List.of(issue(1, 1, "the model file is empty",
                        "start with 'model: <name>' and at least one of traits, tiers, tags or segments")));
            }
            return readValue(parser);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 1 : Math.max(1, at.getLineNr());
            int col = at == null ? 1 : Math.max(1, at.getColumnNr());
            String message = e.getOriginalMessage().lines().findFirst().orElse("");
            String hint = message.contains("flow")
                    ? "inside { … } or [ … ] put expressions in quotes when they contain ?, :, #, commas or brackets"
                    : "check indentation (spaces, not tabs) and that every 'key: value' has a space after the colon";
            throw new ModelException(List.of(issue(line, col, "not valid YAML: " + message, hint)));
        } catch (IOException e) {
            throw new ModelException(List.of(issue(1, 1, "cannot read the model: " + e.getMessage(), null)));
        }
    }

    private YamlNode readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        YamlNode.Position pos = position(p.currentTokenLocation());
        if (t == JsonToken.START_OBJECT) {
            Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                YamlNode.Position keyPos = position(p.currentTokenLocation());
                p.nextToken();
                YamlNode value = readValue(p);
                if (entries.containsKey(key)) {
                    YamlNode.Position first = entries.get(key).keyPosition();
                    throw new ModelException(List.of(issue(keyPos.line(), keyPos.column(),
                            "duplicate key '" + key + "' (first written at line " + first.line() + ")",
                            "each name may appear once in a section; rename or merge the two")));
                }
                entries.put(key, new YamlNode.Entry(key, keyPos, value));
            }
            return new YamlNode.Mapping(entries, pos);
        }
        if (t == JsonToken.START_ARRAY) {
            List<YamlNode> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(readValue(p));
            }
            return new YamlNode.Sequence(items, pos);
        }
        String text = t == JsonToken.VALUE_NULL ? null : p.getText();
        return scalar(text, pos);
    }

    /** Finds where the scalar's text really starts: after a quote, or on the line after '|' or '>'. */
    private YamlNode.Scalar scalar(String text, YamlNode.Position pos) {
        String line = line(pos.line());
        int idx = pos.column() - 1;
        if (idx >= 0 && idx < line.length()) {
            char c = line.charAt(idx);
            if (c == '\'' || c == '"') {
                return new YamlNode.Scalar(text, pos, new YamlNode.Position(pos.line(), pos.column() + 1), 0);
            }
            if (c == '|' || c == '>') {
                int next = pos.line() + 1;
                String body = line(next);
                int indent = 0;
                while (indent < body.length() && body.charAt(indent) == ' ') {
                    indent++;
                }
                return new YamlNode.Scalar(text, pos, new YamlNode.Position(next, indent + 1), indent);
            }
        }
        return new YamlNode.Scalar(text, pos, pos, Math.max(0, pos.column() - 1));
    }

    private static YamlNode.Position position(JsonLocation loc) {
        return new YamlNode.Position(Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
    }

    public ModelIssue issue(int line, int column, String message, String hint) {
        return new ModelIssue(source, line, column, message, hint, line(line));
    }
}
