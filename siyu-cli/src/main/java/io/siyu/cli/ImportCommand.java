package io.siyu.cli;

import io.siyu.ingest.LoadReport;
import io.siyu.store.FactImport;
import io.siyu.store.Store;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Load a data directory into the database: good rows are stored, each rejected row is listed",
                "with file:line:column and the reason; a row repeated with the same id is stored once."})
final class ImportCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory (CSV or JSON Lines, DESIGN §4).")
    Path data;

    @Option(names = "--db", paramLabel = "URL", defaultValue = ".siyu/db",
            description = "JDBC URL or a directory for embedded SQLite (default: ${DEFAULT-VALUE}).")
    String db;

    @Option(names = "--timezone", paramLabel = "ZONE", defaultValue = "Asia/Shanghai",
            description = "Time zone of timestamps written without an offset (default: ${DEFAULT-VALUE}).")
    String timezone;

    @Option(names = "--strict", description = "Exit 1 when any row is rejected (the good rows are still stored).")
    boolean strict;

    @Override
    public Integer call() {
        ZoneId zone;
        try {
            zone = ZoneId.of(timezone);
        } catch (java.time.DateTimeException e) {
            throw UserError.usage("Invalid value for option '--timezone': '" + timezone + "' (use e.g. Asia/Shanghai or UTC)");
        }
        LoadReport report;
        try (Store store = Store.open(db); FactImport importer = store.importer()) {
            report = DataOptions.readDirectory(data, zone, importer);
        }
        spec.commandLine().getOut().println(report.render(50));
        spec.commandLine().getOut().println("stored in " + db);
        spec.commandLine().getOut().flush();
        return strict && report.hasRejections() ? 1 : 0;
    }
}
