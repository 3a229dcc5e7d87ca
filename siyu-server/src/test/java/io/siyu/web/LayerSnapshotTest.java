package io.siyu.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.siyu.engine.BatchEngine;
import io.siyu.engine.CompiledModel;
import io.siyu.engine.LayerChange;
import io.siyu.engine.ModelCompiler;
import io.siyu.engine.Profiles;
import io.siyu.facts.DatasetBuilder;
import io.siyu.facts.Facts;
import io.siyu.facts.PersonRef;
import io.siyu.identity.IdentityOptions;
import io.siyu.model.ModelParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerSnapshotTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static Profiles lifecycle(String asOf) {
        Path examples = Files.isDirectory(Path.of("examples")) ? Path.of("examples") : Path.of("../examples");
        CompiledModel model = ModelCompiler.compile(ModelParser.parse(examples.resolve("lifecycle.yaml")));
        DatasetBuilder b = new DatasetBuilder(SHANGHAI, IdentityOptions.DEFAULT);
        b.customer(new Facts.Customer("A", Map.of("registered_at", "2024-01-01")));
        b.customer(new Facts.Customer("B", Map.of("registered_at", "2024-01-01")));
        long at = java.time.LocalDate.parse("2024-06-01").atStartOfDay(SHANGHAI).toEpochSecond();
        b.order(new Facts.Order("o1", PersonRef.customer("A"), at, 100, "paid", null, null, null));
        return new BatchEngine().evaluate(model, b.build(), java.time.LocalDate.parse(asOf).plusDays(1).atStartOfDay(SHANGHAI)
                .toInstant().minusSeconds(1));
    }

    @Test
    void stored_and_read_back_it_finds_what_time_moved_and_what_facts_already_moved() {
        Profiles june = lifecycle("2024-06-02");
        Profiles december = lifecycle("2024-12-31");
        LayerSnapshot before = LayerSnapshot.decode(LayerSnapshot.of(june).encode());
        assertThat(before.value("lifecycle_stage", "A")).isEqualTo(june.format("lifecycle_stage", 0));
        assertThat(before.value("lifecycle_stage", "nobody")).isNull();

        LayerSnapshot after = LayerSnapshot.of(december);
        Instant at = Instant.parse("2024-12-31T15:59:59Z");
        assertThat(before.movesTo(after, at, "time")).extracting(LayerChange::customerId, LayerChange::layer)
                .contains(org.assertj.core.groups.Tuple.tuple("A", "lifecycle_stage"));
        // a move a fact already caused (and acted on) is not a move of time
        before.apply("A", "lifecycle_stage", december.format("lifecycle_stage", 0));
        assertThat(before.movesTo(after, at, "time")).extracting(LayerChange::layer).doesNotContain("lifecycle_stage");
        assertThat(LayerSnapshot.of(december).movesTo(after, at, "time")).isEmpty();
    }

    @Test
    void values_a_layer_never_had_are_added_once_and_survive_storing_even_past_255_of_them() {
        Profiles june = lifecycle("2024-06-02");
        LayerSnapshot snapshot = LayerSnapshot.decode(LayerSnapshot.of(june).encode());
        String b = june.format("lifecycle_stage", 1);
        for (int k = 0; k < 600; k++) {
            snapshot.apply("A", "lifecycle_stage", "value " + (k % 300)); // each value met twice
        }
        LayerSnapshot read = LayerSnapshot.decode(snapshot.encode());
        assertThat(read.value("lifecycle_stage", "A")).isEqualTo("value 299");
        assertThat(read.value("lifecycle_stage", "B")).isEqualTo(b);
        read.apply("B", "lifecycle_stage", "value 7");
        assertThat(LayerSnapshot.decode(read.encode()).value("lifecycle_stage", "B")).isEqualTo("value 7");
    }
}
