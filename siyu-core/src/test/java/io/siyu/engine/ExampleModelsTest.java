package io.siyu.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each shipped example on a handful of customers whose results were worked out by hand. */
class ExampleModelsTest {
    @TempDir
    Path dir;

    @Test
    void every_shipped_example_compiles() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(ModelFixture.examples())) {
            java.util.List<Path> models = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(models).hasSizeGreaterThanOrEqualTo(8);
            for (Path model : models) {
                CompiledModel compiled = ModelCompiler.compile(io.siyu.model.ModelParser.parse(model));
                assertThat(compiled.order()).as(model.toString()).isNotEmpty();
            }
        }
    }

    @Test
    void rfm8_classifies_against_the_means_of_buyers() {
        ModelFixture data = new ModelFixture(dir).rfm8Customers();
        Profiles p = data.evaluateExample("rfm-8", "2024-07-01");
        // buyers A,B,C,D: mean R = (6+173+1+122)/4 = 75.5, mean F = 7/4 = 1.75, mean M = 2550/4 = 637.5
        assertThat(p.stats()).containsEntry("mean_recency", 75.5).containsEntry("mean_frequency", 1.75)
                .containsEntry("mean_monetary", 637.5);
        assertThat(ModelFixture.column(p, "recency_days")).containsEntry("A", "6").containsEntry("B", "173")
                .containsEntry("C", "1").containsEntry("D", "122").containsEntry("E", "");
        assertThat(ModelFixture.column(p, "rfm_class")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "一般价值客户", "B", "一般挽留客户", "C", "重要发展客户", "D", "重要保持客户",
                "E", "无消费", "F", "无消费", "G", "无消费"));
    }
}
