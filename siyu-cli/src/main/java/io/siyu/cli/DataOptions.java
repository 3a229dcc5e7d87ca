package io.siyu.cli;

import io.siyu.engine.CompiledModel;
import io.siyu.facts.Dataset;
import io.siyu.facts.DatasetBuilder;
import io.siyu.identity.IdentityOptions;
import io.siyu.ingest.DataDirectoryReader;
import io.siyu.ingest.LoadReport;
import io.siyu.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where facts come from: a data directory (CSV / JSON Lines) or a database, and the as-of instant. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory with customers.csv, orders.csv … (DESIGN §4).")
    Path data;

    @Option(names = "--db", paramLabel = "URL", description = "Database: a JDBC URL (jdbc:postgresql://…) or a directory for embedded SQLite.")
    String db;

    @Option(names = "--as-of", paramLabel = "T", description = "Evaluate as of this date (end of day) or timestamp; default: now.")
    String asOf;

    @Option(names = "--strict", description = "Fail (exit 1) when any input row is rejected.")
    boolean strict;

    /** Loads facts into memory, unified per the model's identity options; load problems go to {@code err}. */
    Dataset load(CompiledModel model, PrintWriter err) {
        if (data == null && db == null) {
            throw UserError.usage("Missing data: give --data DIR (a directory of CSV files) or --db URL");
        }
        DatasetBuilder builder = new DatasetBuilder(model.model().zone(),
                new IdentityOptions(model.model().forbidUnionIdMerge()));
        if (data != null) {
            LoadReport report = readDirectory(data, model.model().zone(), builder);
            if (report.hasRejections() || !report.skipped().isEmpty()) {
                err.println(report.render(20));
            }
            if (strict && report.hasRejections()) {
                err.flush();
                throw new UserError(report.rejected() + " input rows were rejected and --strict is set; fix the rows listed above or drop --strict");
            }
        } else {
            try (Store store = Store.open(db)) {
                store.replay(builder);
            }
        }
        Dataset dataset = builder.build();
        // issues() lists orphaned items, then every identity conflict: show a sample of those
        java.util.List<String> issues = builder.issues();
        int conflicts = builder.conflicts().size();
        int shown = Math.min(issues.size(), issues.size() - conflicts + 10);
        issues.stream().limit(shown).forEach(i -> err.println("warning: " + i));
        if (issues.size() > shown) {
            err.println("warning: … " + (issues.size() - shown) + " more identity conflicts (" + conflicts + " in all)");
        }
        err.flush();
        return dataset;
    }

    /** Loads the facts and evaluates the model over them as of {@code --as-of}. */
    io.siyu.engine.Profiles evaluate(CompiledModel model, PrintWriter err) {
        Dataset dataset = load(model, err);
        return new io.siyu.engine.BatchEngine().evaluate(model, dataset, AsOf.resolve(asOf, model.model().zone()));
    }

    static LoadReport readDirectory(Path dir, java.time.ZoneId zone, io.siyu.facts.FactSink sink) {
        if (!Files.isDirectory(dir)) {
            throw new UserError("cannot read data directory '" + dir + "': it does not exist or is not a directory. "
                    + "Give a directory holding customers.csv, orders.csv … (see DESIGN §4), or create one with 'siyu generate'");
        }
        try {
            return new DataDirectoryReader().read(dir, zone, sink);
        } catch (IOException e) {
            throw new UserError("cannot read data directory '" + dir + "': " + e.getMessage());
        }
    }
}
