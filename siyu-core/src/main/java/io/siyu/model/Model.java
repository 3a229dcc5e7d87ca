package io.siyu.model;

import io.siyu.facts.ColumnType;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A layering model (分层模型) as the operations team wrote it: parsed and structurally valid,
 * not yet type-checked (see {@link ModelCompiler}).
 *
 * @param attributes customer attributes the model uses, with their types (built-in ones included)
 * @param eventProperties event properties the model uses, with their types
 */
public record Model(String name, String description, ZoneId zone, boolean forbidUnionIdMerge,
                    Map<String, ColumnType> attributes, Map<String, ColumnType> eventProperties,
                    List<Definition> definitions, String source, String text) {

    public Optional<Definition> definition(String definitionName) {
        return definitions.stream().filter(d -> d.name().equals(definitionName)).findFirst();
    }

    public <D extends Definition> List<D> all(Class<D> type) {
        return definitions.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
