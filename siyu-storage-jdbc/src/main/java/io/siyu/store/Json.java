package io.siyu.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.facts.IdentityKind;
import io.siyu.facts.PersonRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON text kept in attribute, property, identity and profile columns. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final TypeReference<List<List<String>>> PAIRS = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A JSON object of strings, in its written key order; null or empty text gives an empty map. */
    static Map<String, String> readStringMap(String json) {
        if (json == null || json.isEmpty()) {
            return new LinkedHashMap<>();
        }
        return read(json, STRING_MAP);
    }

    /** Arrays of three strings, as {@code write} writes a {@code List<String[]>}: {@code [["c1","tier","A"],…]}. */
    static List<String[]> readTriples(String json) {
        List<List<String>> triples = read(json, PAIRS);
        List<String[]> out = new ArrayList<>(triples.size());
        for (List<String> t : triples) {
            if (t.size() != 3) {
                throw new StoreException("a stored entry has " + t.size() + " values where three were written: " + t);
            }
            out.add(t.toArray(new String[0]));
        }
        return out;
    }

    static List<String> readStrings(String json) {
        return json == null ? List.of() : read(json, STRINGS);
    }

    /** Identity references as {@code [["unionid","u1"],["phone","138…"]]}. */
    static String writeRefs(List<PersonRef> refs) {
        List<List<String>> pairs = new ArrayList<>(refs.size());
        for (PersonRef ref : refs) {
            pairs.add(List.of(ref.kind().column(), ref.value()));
        }
        return write(pairs);
    }

    static List<PersonRef> readRefs(String json) {
        List<List<String>> pairs = read(json, PAIRS);
        List<PersonRef> refs = new ArrayList<>(pairs.size());
        for (List<String> pair : pairs) {
            refs.add(new PersonRef(kind(pair.get(0)), pair.get(1)));
        }
        return refs;
    }

    static IdentityKind kind(String column) {
        return IdentityKind.fromColumn(column)
                .orElseThrow(() -> new StoreException("unknown identity kind '" + column + "' in the database"));
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt JSON in the database: " + e.getOriginalMessage(), e);
        }
    }
}
