package io.siyu.cli;

import io.siyu.model.ModelException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code siyu}: layer a brand's private-domain customers and act on each layer (私域用户分层). */
@Command(name = "siyu", mixinStandardHelpOptions = true, version = "siyu 0.1.0",
        description = {"Layer a brand's private-domain customers (私域用户分层) with a YAML model: RFM and AIPL",
                "tiers, tags, scores, segments; reports, explanations and audience exports."},
        subcommands = {DemoCommand.class, GenerateCommand.class, ImportCommand.class, RunCommand.class,
                ReportCommand.class, ExplainCommand.class, ValidateCommand.class, ExportCommand.class, DetectCommand.class,
                CommandLine.HelpCommand.class})
public final class SiyuCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: say what to do, e.g. 'siyu demo --batch'");
    }

    public static void main(String[] args) {
        String wrongOption = wrongTuningOption();
        if (wrongOption != null) {
            System.err.println("siyu: " + wrongOption);
            System.exit(2);
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * What is wrong with a {@code -Dsiyu.sqlite.…} tuning option, or null. Read before any command
     * runs: the store reads them once, as it loads, and a malformed one would otherwise surface as
     * an {@link ExceptionInInitializerError} with a stack trace from whichever command opened a store.
     */
    static String wrongTuningOption() {
        return io.siyu.tuning.Tuning.problemReading(io.siyu.store.Store::checkTuning);
    }

    /** The configured command line; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SiyuCommand());
        cli.setExecutionExceptionHandler(SiyuCommand::handle);
        return cli;
    }

    /** Known failures print their message (no stack trace) and exit 1: bad model or unreadable data. */
    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof UserError u) {
            err.println(u.getMessage());
            err.flush();
            return u.exitCode();
        }
        if (e instanceof ModelException) {
            err.println(e.getMessage());
        } else if (e instanceof io.siyu.store.StoreException) {
            err.println(e.getMessage());
        } else {
            err.println("siyu: unexpected error: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }
}
