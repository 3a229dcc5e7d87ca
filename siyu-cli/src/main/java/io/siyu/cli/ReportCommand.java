package io.siyu.cli;

import io.siyu.ingest.CsvReader;
import io.siyu.report.ReportFormat;
import io.siyu.store.RunInfo;
import io.siyu.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Show a run's tier pyramid (count, share, ARPU, total spend per tier value), or how customers",
                "moved between two runs (migration matrix).",
                "  siyu report --out DIR                      the report of the run written to DIR",
                "  siyu report --out DIR --compare DIR2       migration from run DIR to run DIR2",
                "  siyu report --db URL                       list stored runs",
                "  siyu report --db URL --run A --compare B   migration from stored run A to run B"})
final class ReportCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "A directory written by 'siyu run'.")
    Path out;

    @Option(names = "--db", paramLabel = "URL", description = "Database holding stored runs.")
    String db;

    @Option(names = "--run", paramLabel = "ID", description = "Stored run id (with --db).")
    Long run;

    @Option(names = "--compare", paramLabel = "DIR|ID", description = "The later run: a run directory, or a stored run id with --db.")
    String compare;

    @Option(names = "--layer", paramLabel = "NAME", description = "Only this tier (default: every tier).")
    String layer;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (db != null) {
            return fromStore(stdout);
        }
        if (out == null) {
            throw UserError.usage("Missing run: give --out DIR (a directory written by 'siyu run') or --db URL");
        }
        if (compare == null) {
            Path md = out.resolve("report.md");
            if (!Files.isRegularFile(md)) {
                throw new UserError("no report in '" + out + "': report.md is missing. Run 'siyu run --model … --out " + out + "' first");
            }
            stdout.print(Files.readString(md, StandardCharsets.UTF_8));
            stdout.flush();
            return 0;
        }
        Map<String, Map<String, String>> before = readTiers(out);
        Map<String, Map<String, String>> after = readTiers(Path.of(compare));
        for (String tier : before.keySet()) {
            if (layer != null && !layer.equals(tier)) {
                continue;
            }
            stdout.println(ReportFormat.markdown(tier, Migration.matrix(before.get(tier), after.getOrDefault(tier, Map.of()))));
        }
        stdout.flush();
        return 0;
    }

    private int fromStore(PrintWriter stdout) {
        try (Store store = Store.open(db)) {
            if (run == null || compare == null) {
                stdout.println("| run | model | as of | customers | started |\n|---:|---|---|---:|---|");
                for (RunInfo r : store.runs()) {
                    stdout.println("| " + r.id() + " | " + r.modelName() + " | " + r.asOf() + " | " + r.customerCount()
                            + " | " + r.startedAt() + " |");
                }
                stdout.println("\ncompare two runs with: siyu report --db " + db + " --run A --compare B --layer <tier>");
                stdout.flush();
                return 0;
            }
            long to;
            try {
                to = Long.parseLong(compare);
            } catch (NumberFormatException e) {
                throw UserError.usage("Invalid value for option '--compare': '" + compare + "' is not a run id (with --db, give the number listed by 'siyu report --db " + db + "')");
            }
            if (layer == null) {
                throw UserError.usage("Missing option: '--layer=<NAME>' (the tier whose migration to show, e.g. rfm_class)");
            }
            stdout.println(ReportFormat.markdown(layer, store.migration(run, to, layer)));
            stdout.flush();
            return 0;
        }
    }

    /** Tier columns of a run directory: the columns its report.json lists as tiers. */
    private static Map<String, Map<String, String>> readTiers(Path dir) throws IOException {
        Path json = dir.resolve("report.json");
        Path csv = dir.resolve("profiles.csv");
        if (!Files.isRegularFile(json) || !Files.isRegularFile(csv)) {
            throw new UserError("'" + dir + "' is not a run directory: it needs profiles.csv and report.json written by 'siyu run'");
        }
        List<String> tiers = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()).path("tiers")
                .forEach(t -> tiers.add(t.path("name").asText()));
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        tiers.forEach(t -> out.put(t, new HashMap<>()));
        try (InputStream in = Files.newInputStream(csv); CsvReader reader = new CsvReader(in)) {
            if (!reader.next()) {
                return out;
            }
            String[] header = reader.fields().clone();
            int[] index = new int[tiers.size()];
            for (int i = 0; i < tiers.size(); i++) {
                index[i] = java.util.Arrays.asList(header).indexOf(tiers.get(i));
            }
            while (reader.next()) {
                for (int i = 0; i < tiers.size(); i++) {
                    if (index[i] >= 0 && index[i] < reader.size()) {
                        out.get(tiers.get(i)).put(reader.get(0), reader.get(index[i]));
                    }
                }
            }
        }
        return out;
    }
}
