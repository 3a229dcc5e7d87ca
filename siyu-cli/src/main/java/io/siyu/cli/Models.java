package io.siyu.cli;

import io.siyu.engine.CompiledModel;
import io.siyu.engine.ModelCompiler;
import io.siyu.model.ModelParser;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and compiles a model file; problems surface as {@link io.siyu.model.ModelException}. */
final class Models {
    private Models() {}

    static CompiledModel load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("cannot read model '" + file + "': no such file. Give the path of a model YAML, e.g. --model examples/rfm-8.yaml");
        }
        return ModelCompiler.compile(ModelParser.parse(file));
    }
}
