package io.siyu.cli;

import io.siyu.engine.CompiledModel;
import io.siyu.engine.Flags;
import io.siyu.engine.Profiles;
import io.siyu.facts.StringColumn;
import io.siyu.model.Definition;
import io.siyu.store.Store;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Saves a run — model version, profiles, tier and tag memberships — so later runs can be compared. */
final class RunStorage {
    private RunStorage() {}

    static long save(String db, CompiledModel compiled, Profiles profiles) {
        try (Store store = Store.open(db)) {
            long version = store.saveModelVersion(compiled.model().name(), compiled.model().text());
            long run = store.beginRun(version, profiles.asOf(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            List<String> columns = new ArrayList<>();
            columns.add("customer_id");
            columns.addAll(profiles.outputColumns());
            List<String[]> rows = new AbstractList<>() {
                @Override
                public String[] get(int i) {
                    String[] row = new String[columns.size()];
                    row[0] = profiles.customers().id(i);
                    for (int c = 1; c < row.length; c++) {
                        row[c] = profiles.formatOutput(columns.get(c), i);
                    }
                    return row;
                }

                @Override
                public int size() {
                    return profiles.size();
                }
            };
            store.saveProfiles(run, columns, rows);
            for (Definition d : compiled.model().definitions()) {
                Map<String, String> members = new HashMap<>();
                if (d instanceof Definition.Exclusive) {
                    StringColumn column = (StringColumn) profiles.column(d.name());
                    for (int i = 0; i < profiles.size(); i++) {
                        members.put(profiles.customers().id(i), column.get(i));
                    }
                } else if (d instanceof Definition.Audience) {
                    Flags f = profiles.flags(d.name());
                    f.members().forEach((int i) -> members.put(profiles.customers().id(i), d.name()));
                } else {
                    continue;
                }
                store.saveMemberships(run, d.name(), members);
            }
            return run;
        }
    }
}
