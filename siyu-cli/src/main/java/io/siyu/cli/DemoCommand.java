package io.siyu.cli;

import io.siyu.engine.BatchEngine;
import io.siyu.engine.CompiledModel;
import io.siyu.engine.Profiles;
import io.siyu.facts.Dataset;
import io.siyu.facts.DatasetBuilder;
import io.siyu.generate.Profile;
import io.siyu.identity.IdentityOptions;
import io.siyu.report.LayerReport;
import io.siyu.report.ReportFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate demo data, run every example model on it and print each tier report.",
                "Run outputs go to <dir>/runs/<example>/ (profiles.csv, report.json, report.md)."})
final class DemoCommand implements Callable<Integer> {
    /** Each example model and the synthetic data profile it is written for. */
    static final Map<String, Profile> EXAMPLES = examples();

    static final LocalDate DEMO_END = LocalDate.of(2026, 6, 30);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--batch", description = "Run the reports and exit. (Through ./siyu, plain demo then serves the demo API; this command itself always exits.)")
    boolean batch;

    @Option(names = "--customers", defaultValue = "3000", paramLabel = "N", description = "Customers per demo data set (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--dir", defaultValue = ".siyu/demo", paramLabel = "DIR", description = "Where demo data and runs go (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--examples", defaultValue = "examples", paramLabel = "DIR", description = "Directory of example models (default: ${DEFAULT-VALUE}).")
    Path examples;

    private static Map<String, Profile> examples() {
        Map<String, Profile> m = new LinkedHashMap<>();
        m.put("rfm-8", Profile.FMCG);
        m.put("rfm-11", Profile.FMCG);
        m.put("lifecycle", Profile.FMCG);
        m.put("aipl", Profile.FMCG);
        m.put("repurchase-reminder", Profile.FMCG);
        m.put("auto-leads", Profile.AUTO);
        m.put("beauty-tiers", Profile.BEAUTY);
        m.put("bakery-values", Profile.BAKERY);
        m.put("hotpot-quadrants", Profile.HOTPOT);
        return m;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant asOf = DEMO_END.plusDays(1).atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toInstant().minusSeconds(1);
        stdout.println("Siyu demo: " + EXAMPLES.size() + " example models on synthetic data (" + customers
                + " customers each, as of " + DEMO_END + ")");
        for (Map.Entry<String, Profile> e : EXAMPLES.entrySet()) {
            Path modelFile = examples.resolve(e.getKey() + ".yaml");
            CompiledModel compiled = Models.load(modelFile);
            Path data = dir.resolve("data").resolve(e.getValue().name().toLowerCase(Locale.ROOT) + "-" + customers);
            if (!Files.isRegularFile(data.resolve("customers.csv"))) {
                err.println("generating " + e.getValue().name().toLowerCase(Locale.ROOT) + " demo data in " + data + " …");
                err.flush();
                GenerateCommand.generate(e.getValue(), customers, 1, DEMO_END, data);
            }
            DatasetBuilder builder = new DatasetBuilder(compiled.model().zone(), new IdentityOptions(compiled.model().forbidUnionIdMerge()));
            DataOptions.readDirectory(data, compiled.model().zone(), builder);
            Dataset dataset = builder.build();
            Profiles profiles = new BatchEngine().evaluate(compiled, dataset, asOf);
            LayerReport report = LayerReport.of(profiles);
            String markdown = ReportFormat.markdown(report);
            RunCommand.write(dir.resolve("runs").resolve(e.getKey()), profiles, report, markdown);
            stdout.println();
            stdout.println("==================== " + e.getKey() + " (" + modelFile + ", " + e.getValue().name().toLowerCase(Locale.ROOT)
                    + " data) ====================");
            stdout.print(markdown);
            stdout.flush();
        }
        stdout.println();
        stdout.println("Next: ./siyu explain --model examples/rfm-8.yaml --data " + dir.resolve("data").resolve("fmcg-" + customers)
                + " --as-of " + DEMO_END + " --customer <customer_id from " + dir.resolve("runs/rfm-8/profiles.csv") + ">");
        stdout.flush();
        return 0;
    }

}
