package io.siyu.cli;

import io.siyu.generate.CsvFactWriter;
import io.siyu.generate.DataGenerator;
import io.siyu.generate.GeneratorSpec;
import io.siyu.generate.Profile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write synthetic data in the DESIGN §4 format: long-tailed spend, repeat cycles, churn,",
                "chat messages with scenario phrases, identity fragments that need unifying. Same seed, same files."})
final class GenerateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", required = true, paramLabel = "NAME",
            description = "auto, beauty, bakery, hotpot or fmcg (the industry the data imitates).")
    String profile;

    @Option(names = "--customers", defaultValue = "10000", paramLabel = "N", description = "Number of customers (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--end", defaultValue = "2026-06-30", paramLabel = "DATE",
            description = "Last day of the generated history (default: ${DEFAULT-VALUE}); use it as --as-of.")
    LocalDate end;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the CSV files into.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (customers < 1) {
            throw UserError.usage("Invalid value for option '--customers': '" + customers + "' (give a positive number)");
        }
        Profile p = parseProfile(profile);
        long started = System.nanoTime();
        generate(p, customers, seed, end, out);
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s data for %d customers to %s in %.1f s%n",
                p.name().toLowerCase(Locale.ROOT), customers, out, (System.nanoTime() - started) / 1e9);
        spec.commandLine().getOut().flush();
        return 0;
    }

    static void generate(Profile p, int customers, long seed, LocalDate end, Path out) throws IOException {
        try (CsvFactWriter writer = new CsvFactWriter(out)) {
            new DataGenerator().generate(new GeneratorSpec(p, customers, seed, end, ZoneId.of("Asia/Shanghai")), writer);
        }
    }

    static Profile parseProfile(String name) {
        for (Profile p : Profile.values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw UserError.usage("Invalid value for option '--profile': '" + name + "' (expected one of: auto, beauty, bakery, hotpot, fmcg)");
    }
}
