package io.siyu.cli;

import io.siyu.engine.CompiledModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a model without data: YAML shape, names, expression types, cycles; and playbooks against it.",
                "Exit 1 with file:line:column on problems."})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model YAML to check.")
    Path model;

    @Option(names = "--playbook", paramLabel = "FILE", description = "Playbook YAML to check against the model (repeatable).")
    java.util.List<Path> playbooks = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        CompiledModel compiled = Models.load(model);
        spec.commandLine().getOut().println("ok: " + model + " — model '" + compiled.model().name() + "', "
                + compiled.order().size() + " definitions");
        for (Path p : playbooks) {
            if (!java.nio.file.Files.isRegularFile(p)) {
                throw new UserError("cannot read playbook '" + p + "': no such file");
            }
            io.siyu.playbook.Playbook playbook = io.siyu.playbook.PlaybookParser.parse(p, compiled);
            spec.commandLine().getOut().println("ok: " + p + " — playbook '" + playbook.name() + "' v" + playbook.version()
                    + ", " + playbook.rules().size() + " rules");
        }
        return 0;
    }
}
