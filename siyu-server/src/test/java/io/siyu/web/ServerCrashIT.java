package io.siyu.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.siyu.facts.Facts;
import io.siyu.store.FactImport;
import io.siyu.store.OutcomeRow;
import io.siyu.store.Store;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 at random moments: the real server process is SIGKILLed while facts stream in and is
 * restarted; the sender retries whatever was not acknowledged. Every other request is
 * acknowledged once stored ({@code ?ack=stored}): its facts may be unapplied when the server dies,
 * and the restarted server applies them. Afterwards every fact is stored once and every fact has
 * exactly one outcome per playbook rule — none lost, none doubled.
 */
class ServerCrashIT {
    private static final int FACTS = 120;
    private static final int CUSTOMERS = 12;
    private static final int PAGE_VIEWS = 200;

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void nothing_acknowledged_is_lost_and_nothing_is_done_twice() throws Exception {
        Path db = tmp.resolve("db");
        try (Store store = Store.open(db.toString()); FactImport in = store.importer()) {
            for (int c = 0; c < CUSTOMERS; c++) {
                in.customer(new Facts.Customer("L" + c, Map.of("name", "客户" + c, "owner_staff_id", "S" + (c % 3),
                        "registered_at", LocalDate.now().minusDays(2).toString())));
            }
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path examples = Files.isDirectory(Path.of("examples")) ? Path.of("examples") : Path.of("../examples");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
                System.getProperty("siyu.server.jar", "target/siyu-server.jar"), "--db", db.toString(),
                "--model", examples.resolve("auto-leads.yaml").toString(),
                "--playbook", examples.resolve("playbooks/c1-leads.yaml").toString(),
                "--token", "t-op:operator", "--port", Integer.toString(port));
        AtomicReference<Process> server = new AtomicReference<>(start(command, port, tmp.resolve("server.log")));
        SplittableRandom random = new SplittableRandom(9);
        int kills = 0;
        // three kills at random points of the stream, each within milliseconds of an acknowledgement
        // odd requests are acknowledged once stored: killed right after one, its facts may not be applied yet
        Set<Integer> killPoints = Set.of(11 + 2 * random.nextInt(12), 45 + 2 * random.nextInt(12), 81 + 2 * random.nextInt(12));
        List<Thread> killers = new ArrayList<>();
        String day = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        Set<Integer> acknowledged = new HashSet<>();
        for (int i = 0; i < FACTS; i++) {
            String form = "{\"kind\":\"event\",\"event_id\":\"td-" + i + "\",\"customer_id\":\"L" + (i % CUSTOMERS)
                    + "\",\"occurred_at\":\"" + day + "T10:" + String.format("%02d", i % 60) + ":00\",\"type\":\"test_drive_form\"}";
            String body = form;
            if (killPoints.contains(i)) {
                // page views before the form: applying takes long enough for the kill to land before the outcomes commit
                StringBuilder batch = new StringBuilder("[");
                for (int k = 0; k < PAGE_VIEWS; k++) {
                    batch.append("{\"kind\":\"event\",\"event_id\":\"pv-").append(i).append('-').append(k)
                            .append("\",\"customer_id\":\"L").append(k % CUSTOMERS).append("\",\"occurred_at\":\"").append(day)
                            .append("T09:00:00\",\"type\":\"page_view\"},");
                }
                body = batch.append(form).append(']').toString();
            }
            while (!acknowledged.contains(i)) {
                try {
                    String path = i % 2 == 1 ? "/api/facts?ack=stored" : "/api/facts";
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .header("Authorization", "Bearer t-op").header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    assertThat(r.body()).containsAnyOf("\"accepted\"", "\"repeat\"");
                    acknowledged.add(i);
                    if (killPoints.contains(i)) {
                        Process victim = server.get();
                        long delayMillis = random.nextInt(3);
                        Thread killer = new Thread(() -> {
                            try {
                                Thread.sleep(delayMillis);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            victim.destroyForcibly(); // SIGKILL: no shutdown hooks, no flush
                        });
                        killer.start();
                        killers.add(killer);
                    }
                } catch (IOException refusedOrCut) {
                    Process p = server.get();
                    p.waitFor();
                    kills++;
                    server.set(start(command, port, tmp.resolve("server-" + kills + ".log")));
                }
            }
        }
        for (Thread k : killers) {
            k.join();
        }
        waitApplied(port);
        server.get().destroy();
        server.get().waitFor();
        assertThat(kills).as("the server was killed and restarted while facts were streaming").isEqualTo(3);

        try (Store store = Store.open(db.toString())) {
            assertThat(store.factCounts()).containsEntry("events", (long) FACTS + 3 * PAGE_VIEWS);
            List<OutcomeRow> outcomes = store.outcomes(null, null, null, null);
            List<String> perFact = new ArrayList<>();
            outcomes.stream().filter(o -> o.rule().equals("test_drive_form")).forEach(o -> perFact.add(o.key()));
            // one outcome per event for the test-drive rule: a task, or a block by the contact policy
            assertThat(perFact).hasSize(FACTS).doesNotHaveDuplicates();
            // the first form of each customer is a task; later ones the same day are duplicates within 3 days
            assertThat(outcomes.stream().filter(o -> o.kind().equals("task") && o.rule().equals("test_drive_form")).count())
                    .isEqualTo(CUSTOMERS);
            assertThat(outcomes.stream().filter(o -> o.kind().equals("blocked") && o.rule().equals("test_drive_form")).map(OutcomeRow::reason))
                    .allMatch(r -> r.startsWith("duplicate") || r.startsWith("frequency cap"));
        }
    }

    /** Until the server has applied every fact it stored (the last ones were acknowledged once stored). */
    private void waitApplied(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String stats = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/ingest"))
                    .header("Authorization", "Bearer t-op").build(), HttpResponse.BodyHandlers.ofString()).body();
            if (stats.contains("\"pending_facts\":0")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("stored facts were still waiting to be applied after 30 s");
    }

    private Process start(List<String> command, int port, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.body().contains("UP")) {
                    return p;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("the server exited at start; see " + log + ":\n" + Files.readString(log));
            }
        }
        throw new IllegalStateException("the server did not become healthy in 60 s; see " + log);
    }
}
