package io.siyu.cli;

import io.siyu.engine.CompiledModel;
import io.siyu.engine.Explainer;
import io.siyu.engine.Profiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Show, for one customer, every value with the facts that made it and the rule that put them in each tier and tag.")
final class ExplainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model YAML.")
    Path model;

    @Mixin
    DataOptions data;

    @Option(names = "--customer", required = true, paramLabel = "ID", description = "customer_id, or an identity as kind:value.")
    String customer;

    @Override
    public Integer call() {
        CompiledModel compiled = Models.load(model);
        Profiles profiles = data.evaluate(compiled, spec.commandLine().getErr());
        int index = Lookup.customer(profiles.customers(), customer);
        spec.commandLine().getOut().print(Explainer.explain(profiles, index).render());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
