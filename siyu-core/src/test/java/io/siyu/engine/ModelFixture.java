package io.siyu.engine;

import io.siyu.facts.Dataset;
import io.siyu.facts.DatasetBuilder;
import io.siyu.identity.IdentityOptions;
import io.siyu.ingest.DataDirectoryReader;
import io.siyu.model.ModelParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds small data directories and evaluates models on them, for hand-computed expectations. */
final class ModelFixture {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final Path dir;

    ModelFixture(Path dir) {
        this.dir = dir;
    }

    ModelFixture file(String name, String... lines) {
        try {
            Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Dataset dataset(CompiledModel model) {
        DatasetBuilder builder = new DatasetBuilder(model.model().zone(), new IdentityOptions(model.model().forbidUnionIdMerge()));
        try {
            new DataDirectoryReader().read(dir, model.model().zone(), builder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return builder.build();
    }

    /**
     * The seven customers of the rfm-8 hand computation: buyers A–D, E with only a refund, F whose
     * only order is after 2024-07-01, G with nothing.
     */
    ModelFixture rfm8Customers() {
        return file("customers.csv", "customer_id", "A", "B", "C", "D", "E", "F", "G")
                .file("orders.csv", "order_id,customer_id,ordered_at,amount,status",
                        "1,A,2024-06-20,100,paid", "2,A,2024-06-25,200,paid",
                        "3,B,2024-01-10,50,paid",
                        "4,C,2024-06-30,1000,paid",
                        "5,D,2023-12-01,400,paid", "6,D,2024-02-01,300,paid", "7,D,2024-03-01,500,paid",
                        "8,E,2024-06-01,999,refunded",
                        "9,F,2024-08-01,80,paid");
    }

    Profiles evaluate(String modelText, String asOfDate) {
        CompiledModel model = compile(modelText);
        return new BatchEngine().evaluate(model, dataset(model), endOf(asOfDate));
    }

    Profiles evaluateExample(String example, String asOfDate) {
        CompiledModel model = ModelCompiler.compile(ModelParser.parse(examples().resolve(example + ".yaml")));
        return new BatchEngine().evaluate(model, dataset(model), endOf(asOfDate));
    }

    static CompiledModel compile(String modelText) {
        return ModelCompiler.compile(ModelParser.parse("test.yaml", modelText));
    }

    static Instant endOf(String date) {
        return LocalDate.parse(date).plusDays(1).atStartOfDay(SHANGHAI).toInstant().minusSeconds(1);
    }

    static Path examples() {
        Path p = Path.of("examples");
        return Files.isDirectory(p) ? p : Path.of("../examples");
    }

    /** customer_id → value of one output column. */
    static Map<String, String> column(Profiles profiles, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < profiles.size(); i++) {
            out.put(profiles.customers().id(i), profiles.formatOutput(name, i));
        }
        return out;
    }

    /** The customers for whom a yes/no column (tag, segment, bool) is true, ids sorted, comma-separated. */
    static String members(Profiles profiles, String flag) {
        return String.join(",", column(profiles, flag).entrySet().stream()
                .filter(e -> e.getValue().equals("true")).map(Map.Entry::getKey).sorted().toList());
    }

    /** CSV lines under a header whose first column is a generated id (1, 2, …), for facts repeated many times. */
    static final class Lines {
        private final List<String> lines = new ArrayList<>();

        Lines(String header) {
            lines.add(header);
        }

        /** {@code times} rows, each "id," followed by {@code rest}. */
        Lines add(int times, String rest) {
            for (int i = 0; i < times; i++) {
                lines.add(lines.size() + "," + rest);
            }
            return this;
        }

        Lines add(String rest) {
            return add(1, rest);
        }

        String[] toArray() {
            return lines.toArray(String[]::new);
        }
    }
}
