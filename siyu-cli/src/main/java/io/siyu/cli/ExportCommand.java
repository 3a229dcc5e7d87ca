package io.siyu.cli;

import io.siyu.engine.CompiledModel;
import io.siyu.engine.Flags;
import io.siyu.engine.Profiles;
import io.siyu.facts.Column;
import io.siyu.facts.PersonRef;
import io.siyu.model.Definition;
import io.siyu.expr.Suggestions;
import io.siyu.report.ProfilesCsv;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.roaringbitmap.RoaringBitmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export the members of a segment or tag (or a tier value, as tier=value) as CSV:",
                "customer_id, owner_staff_id, identities — ready for a WeCom mass-send list."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model YAML.")
    Path model;

    @Mixin
    DataOptions data;

    @Option(names = "--segment", required = true, paramLabel = "NAME", description = "Segment or tag name, or tier=value.")
    String segment;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the CSV here instead of stdout.")
    Path out;

    @Override
    public Integer call() throws IOException {
        CompiledModel compiled = Models.load(model);
        RoaringBitmap members = null;
        List<String> audiences = new ArrayList<>();
        compiled.model().all(Definition.Audience.class).forEach(a -> audiences.add(a.name()));
        int eq = segment.indexOf('=');
        if (eq < 0 && !audiences.contains(segment)) {
            throw UserError.usage("Unknown segment: '" + segment + "'. "
                    + Suggestions.hint(segment, audiences, "Segments and tags of " + model) + " (or give tier=value)");
        }
        if (eq > 0 && !(compiled.model().definition(segment.substring(0, eq)).orElse(null) instanceof Definition.Exclusive)) {
            throw UserError.usage("Unknown tier: '" + segment.substring(0, eq) + "' in '" + segment + "'. "
                    + Suggestions.hint(segment.substring(0, eq), compiled.model().all(Definition.Exclusive.class).stream()
                    .map(Definition::name).toList(), "Tiers of " + model));
        }
        Profiles profiles = data.evaluate(compiled, spec.commandLine().getErr());
        if (eq > 0) {
            members = profiles.tierMembers(segment.substring(0, eq), segment.substring(eq + 1));
        } else {
            Flags flags = profiles.flags(segment);
            members = flags.members();
        }
        Column owner = profiles.column("owner_staff_id");
        if (out == null) {
            writeCsv(spec.commandLine().getOut(), profiles, members, owner);
        } else {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
                writeCsv(w, profiles, members, owner);
            }
            spec.commandLine().getErr().println("exported " + members.getCardinality() + " customers to " + out);
        }
        return 0;
    }

    private static void writeCsv(PrintWriter w, Profiles profiles, RoaringBitmap members, Column owner) {
        w.println("customer_id,owner_staff_id,identities");
        members.forEach((int i) -> w.println(ProfilesCsv.quote(profiles.customers().id(i)) + ','
                + ProfilesCsv.quote(owner == null ? "" : owner.format(i)) + ','
                + ProfilesCsv.quote(profiles.customers().identities(i).stream().map(PersonRef::toString)
                .collect(Collectors.joining(";")))));
        w.flush();
    }
}
