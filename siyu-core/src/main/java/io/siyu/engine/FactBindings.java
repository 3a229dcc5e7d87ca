package io.siyu.engine;

import io.siyu.facts.Column;
import io.siyu.facts.ColumnType;
import io.siyu.facts.FactTable;
import io.siyu.facts.NumberColumn;
import io.siyu.facts.StringColumn;
import io.siyu.facts.TimeColumn;
import io.siyu.model.FactFields;
import io.siyu.model.Model;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * The fields of one fact table as the model sees them: its declared types (event properties
 * coerced on first use), the table's time field, and all-null columns for fields the data lacks.
 */
final class FactBindings implements ValueSource {
    private final FactTable table;
    private final String timeField;
    private final Map<String, Column> columns = new HashMap<>();
    private final ZoneId zone;
    private final Map<String, ColumnType> fields;

    private FactBindings(FactTable table, Model model, ZoneId zone) {
        this.table = table;
        this.timeField = FactFields.TIME_FIELD.get(table.name());
        this.fields = FactFields.fieldsOf(table.name(), model.eventProperties());
        this.zone = zone;
    }

    static FactBindings of(FactTable table, Model model, ZoneId zone) {
        return new FactBindings(table, model, zone);
    }

    private TimeColumn timeColumn(ZoneId zone) {
        TimeColumn c = new TimeColumn(timeField, zone, table.size());
        long[] times = table.times();
        for (int i = 0; i < table.size(); i++) {
            c.append(times[i]);
        }
        return c;
    }

    @Override
    public Column column(String name) {
        if (name.equals(timeField)) {
            // built only when a filter mentions the time field: most never do
            return columns.computeIfAbsent(name, n -> timeColumn(zone));
        }
        ColumnType type = fields.get(name);
        if (type == null) {
            return null;
        }
        // coerced on first use: a column the data lacks costs nothing until a filter reads it
        return columns.computeIfAbsent(name, n -> (Column) Coercion.to(table.column(n),
                type == ColumnType.BOOL ? ColumnType.STRING : type, n, table.size(), zone));
    }

    /** The field an aggregate reads; null field means the fact's own instant. */
    TraitAggregator.Field field(String name) {
        long[] times = table.times();
        if (name == null || name.equals(timeField)) {
            return new TraitAggregator.Field(null, null, null, times);
        }
        Column c = column(name);
        return new TraitAggregator.Field(c instanceof NumberColumn n ? n : null, c instanceof TimeColumn t ? t : null,
                c instanceof StringColumn s ? s : null, times);
    }
}
