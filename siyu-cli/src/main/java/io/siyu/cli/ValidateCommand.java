package io.siyu.cli;

import io.siyu.engine.CompiledModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a model without data: YAML shape, names, expression types, cycles. Exit 1 with file:line:column on problems.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model YAML to check.")
    Path model;

    @Override
    public Integer call() {
        CompiledModel compiled = Models.load(model);
        spec.commandLine().getOut().println("ok: " + model + " — model '" + compiled.model().name() + "', "
                + compiled.order().size() + " definitions");
        return 0;
    }
}
