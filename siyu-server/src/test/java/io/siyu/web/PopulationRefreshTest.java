package io.siyu.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.siyu.facts.Facts;
import io.siyu.facts.PersonRef;
import io.siyu.store.FactImport;
import io.siyu.store.OutcomeRow;
import io.siyu.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Population values (a mean here) move customers only when refreshed; the refresh's outcomes and moves are stored. */
class PopulationRefreshTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path tmp;

    @Test
    void a_refresh_moves_the_customers_a_new_mean_leaves_behind_and_stores_what_the_playbook_did() throws Exception {
        Path model = Files.writeString(tmp.resolve("big-spenders.yaml"), String.join("\n",
                "model: big-spenders",
                "timezone: Asia/Shanghai",
                "traits:",
                "  spend: { sum: amount, from: orders }",
                "stats:",
                "  mean_spend: { mean: spend }",
                "tags:",
                "  above_average: spend > mean_spend",
                ""));
        Path playbook = Files.writeString(tmp.resolve("fell-behind.yaml"), String.join("\n",
                "playbook: fell-behind",
                "model: big-spenders",
                "version: 1",
                "rules:",
                "  below_average:",
                "    on: { leave: above_average }",
                "    do:",
                "      - task: { reason: \"{name} 的消费已低于平均 — 回访\", due: 1d }",
                ""));
        Path db = tmp.resolve("db");
        long day = LocalDateTime.parse("2024-07-01T10:00:00").atZone(SHANGHAI).toEpochSecond();
        try (Store store = Store.open(db.toString()); FactImport in = store.importer()) {
            for (String id : List.of("A", "B", "C")) {
                in.customer(new Facts.Customer(id, Map.of("name", "客户" + id, "owner_staff_id", "S1")));
            }
            in.order(new Facts.Order("o-A", PersonRef.customer("A"), day, 100, "paid", null, null, null));
            in.order(new Facts.Order("o-B", PersonRef.customer("B"), day, 100, "paid", null, null, null));
            in.order(new Facts.Order("o-C", PersonRef.customer("C"), day, 10, "paid", null, null, null));
        }
        Clock noon = Clock.fixed(LocalDateTime.parse("2024-07-02T12:00:00").atZone(SHANGHAI).toInstant(), ZoneOffset.UTC);
        try (Workspace workspace = new Workspace(Store.open(db.toString()), List.of(model), List.of(playbook), noon)) {
            // mean 70: A and B above it. C's big order moves C alone while the mean stays 70 ...
            workspace.ingest(List.of(new Facts.Order("o-C2", PersonRef.customer("C"), day + 86_400, 1_000, "paid", null, null, null)));
            assertThat(tasks(workspace)).isEmpty();
            // ... until the refresh: mean 403.3, and A and B fall below it
            assertThat(workspace.refreshPopulation()).isEqualTo(2);
            assertThat(tasks(workspace)).extracting(OutcomeRow::customerId).containsExactlyInAnyOrder("A", "B");
            assertThat(workspace.store().layerMoves("big-spenders")).extracting(m -> String.join(" ", m))
                    .contains("C above_average true", "A above_average false", "B above_average false");
            assertThat(workspace.refreshPopulation()).as("nothing left to move").isZero();
            assertThat(tasks(workspace)).hasSize(2);
        }
    }

    private static List<OutcomeRow> tasks(Workspace workspace) {
        return workspace.store().outcomes(null, null, null, null).stream().filter(o -> o.playbook().equals("fell-behind")).toList();
    }
}
