package io.siyu.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the siyu command line in-process and captures exit code, stdout and stderr. */
record Cli(int exitCode, String out, String err) {
    static Cli run(String... args) {
        CommandLine cli = SiyuCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    static Path repo() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("examples")) ? here : here.getParent();
    }

    static String example(String name) {
        return repo().resolve("examples").resolve(name + ".yaml").toString();
    }

    static Path shared() {
        return Path.of(System.getProperty("siyu.shared", repo().resolve("../shared").toString()));
    }
}
