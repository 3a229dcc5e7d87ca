package io.siyu.cli;

import io.siyu.engine.BatchEngine;
import io.siyu.engine.CompiledModel;
import io.siyu.engine.Profiles;
import io.siyu.facts.Dataset;
import io.siyu.report.LayerReport;
import io.siyu.report.ProfilesCsv;
import io.siyu.report.ReportFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Evaluate a model over every customer and write profiles.csv, report.json and report.md.",
                "With --db the run is also stored, so 'siyu report --db … --compare' can show how customers moved."})
final class RunCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model YAML, e.g. examples/rfm-8.yaml.")
    Path model;

    @Mixin
    DataOptions data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for profiles.csv, report.json, report.md.")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        CompiledModel compiled = Models.load(model);
        Dataset dataset = data.load(compiled, err);
        Instant asOf = AsOf.resolve(data.asOf, compiled.model().zone());
        long started = System.nanoTime();
        Profiles profiles = new BatchEngine().evaluate(compiled, dataset, asOf);
        long millis = (System.nanoTime() - started) / 1_000_000;
        LayerReport report = LayerReport.of(profiles);
        String markdown = ReportFormat.markdown(report);
        write(out, profiles, report, markdown);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(markdown);
        stdout.println();
        stdout.println("wrote " + out.resolve("profiles.csv") + ", report.json, report.md (" + profiles.size()
                + " customers evaluated in " + millis + " ms)");
        if (data.db != null) {
            long runId = RunStorage.save(data.db, compiled, profiles);
            stdout.println("stored as run " + runId + " in " + data.db);
        }
        stdout.flush();
        return 0;
    }

    static void write(Path out, Profiles profiles, LayerReport report, String markdown) throws IOException {
        Files.createDirectories(out);
        try (Writer w = Files.newBufferedWriter(out.resolve("profiles.csv"), StandardCharsets.UTF_8)) {
            ProfilesCsv.write(profiles, w);
        }
        Files.writeString(out.resolve("report.json"), ReportFormat.json(report), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("report.md"), markdown, StandardCharsets.UTF_8);
    }
}
