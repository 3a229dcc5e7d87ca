package io.siyu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.siyu.facts.Facts;
import io.siyu.facts.PersonRef;
import io.siyu.store.FactImport;
import io.siyu.store.OutcomeRow;
import io.siyu.store.Store;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Channels for real: a WeCom-style gateway and a CRM webhook served by an HTTP server on loopback,
 * a failing call retried after its pause, a dead gateway given up on, and a daily schedule that
 * runs a missed occurrence once at start-up.
 */
class DeliveriesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path tmp;

    private HttpServer gateway;
    private final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger(1);

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advanceSeconds(long s) {
            now = now.plusSeconds(s);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static Instant local(String t) {
        return LocalDateTime.parse(t).atZone(SHANGHAI).toInstant();
    }

    @BeforeEach
    void startGateway() throws Exception {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(Map.of("path", exchange.getRequestURI().getPath(), "body", body,
                    "key", String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")),
                    "token", String.valueOf(exchange.getRequestHeaders().getFirst("X-Token"))));
            int status = exchange.getRequestURI().getPath().equals("/wecom") && failuresLeft.getAndDecrement() > 0 ? 503 : 200;
            byte[] answer = (status == 200 ? "ok" : "busy").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        gateway.start();
    }

    @AfterEach
    void stopGateway() {
        gateway.stop(0);
    }

    private Path playbook(String... rules) throws Exception {
        String url = "http://127.0.0.1:" + gateway.getAddress().getPort();
        Path file = tmp.resolve("ops.yaml");
        Files.writeString(file, String.join("\n",
                "playbook: ops",
                "model: auto-leads",
                "contact_policy: { quiet_hours: \"23:00-07:00\", dedup: 1h }",
                "channels:",
                "  wecom: { webhook: \"" + url + "/wecom\", headers: { X-Token: secret } }",
                "  dead: { webhook: \"http://127.0.0.1:1/nothing-listens\" }",
                "rules:") + "\n" + String.join("\n", rules).replace("URL", url) + "\n");
        return file;
    }

    private Workspace workspace(Path db, Path playbook, Clock clock) {
        Path examples = Files.isDirectory(Path.of("examples")) ? Path.of("examples") : Path.of("../examples");
        return new Workspace(Store.open(db.toString()), List.of(examples.resolve("auto-leads.yaml")), List.of(playbook), clock);
    }

    private void customers(Path db) {
        try (Store store = Store.open(db.toString()); FactImport in = store.importer()) {
            in.customer(new Facts.Customer("L1", Map.of("name", "王伟", "owner_staff_id", "S1", "bought", "false",
                    "car_model", "SUV-X", "registered_at", "2024-06-28")));
        }
    }

    @Test
    void a_gateway_gets_each_message_with_its_key_and_a_failed_call_is_retried_after_its_pause() throws Exception {
        Path db = tmp.resolve("db");
        customers(db);
        MovableClock clock = new MovableClock(local("2024-07-01T10:00:00"));
        Path playbook = playbook(
                "  form:",
                "    on: { event: test_drive_form }",
                "    do:",
                "      - message: { channel: wecom, text: \"{name}您好，试驾已为您预约\" }",
                "      - webhook: { url: \"URL/crm\", body: \"{name} 提交了试驾表单\" }",
                "      - message: { channel: dead, text: \"{name}\" }");
        try (Workspace workspace = workspace(db, playbook, clock)) {
            workspace.ingest(List.of(new Facts.Event("e1", PersonRef.customer("L1"), local("2024-07-01T09:59:00").getEpochSecond(),
                    "test_drive_form", Map.of())));
            Deliveries deliveries = new Deliveries(workspace, Map.of(), clock);
            assertThat(deliveries.deliverDue()).isEqualTo(3);
            Map<String, OutcomeRow> byRule = outcomes(workspace);
            OutcomeRow message = byRule.get("wecom");
            assertThat(message.state()).as("the gateway answered 503").isEqualTo("queued");
            assertThat(message.attempts()).isEqualTo(1);
            assertThat(message.lastError()).endsWith("/wecom answered HTTP 503: busy");
            assertThat(byRule.get("webhook").state()).isEqualTo("sent");

            assertThat(deliveries.deliverDue()).as("not before the 5-second pause").isZero();
            clock.advanceSeconds(5);
            assertThat(deliveries.deliverDue()).isEqualTo(2);
            assertThat(outcomes(workspace).get("wecom").state()).isEqualTo("sent");
            assertThat(outcomes(workspace).get("wecom").deliveredAt()).isEqualTo(clock.instant().getEpochSecond());

            List<Map<String, String>> toGateway = calls.stream().filter(c -> c.get("path").equals("/wecom")).toList();
            assertThat(toGateway).hasSize(2).allSatisfy(c -> {
                assertThat(c.get("key")).as("the key as gateways got it before keys started with the customer, then the time")
                        .isEqualTo("ops@1:form:0:L1:event:e1");
                assertThat(message.key()).isEqualTo("0" + local("2024-07-01T09:59:00").getEpochSecond() + ":event:e1:ops@1:form:0:L1");
                assertThat(c.get("token")).isEqualTo("secret");
            });
            JsonNode sent = new ObjectMapper().readTree(toGateway.get(1).get("body"));
            assertThat(sent.get("text").asText()).isEqualTo("王伟您好，试驾已为您预约");
            assertThat(sent.get("customer_id").asText()).isEqualTo("L1");
            JsonNode crm = new ObjectMapper().readTree(calls.stream().filter(c -> c.get("path").equals("/crm")).findFirst()
                    .orElseThrow().get("body"));
            assertThat(crm.get("text").asText()).isEqualTo("王伟 提交了试驾表单");
            assertThat(crm.get("customer").get("lead_grade").asText()).as("the form lifted the lead to S").isEqualTo("S");

            // nothing listens on the dead channel: retried with growing pauses, then given up with the error
            for (int i = 0; i < Deliveries.MAX_ATTEMPTS + 2; i++) {
                clock.advanceSeconds(3600);
                deliveries.deliverDue();
            }
            OutcomeRow dead = outcomes(workspace).get("dead");
            assertThat(dead.state()).isEqualTo("failed");
            assertThat(dead.attempts()).isEqualTo(Deliveries.MAX_ATTEMPTS);
            assertThat(dead.lastError()).startsWith("cannot call http://127.0.0.1:1/nothing-listens");
        }
    }

    @Test
    void channel_gateways_on_the_command_line_are_name_equals_url() {
        assertThat(Deliveries.gateways(List.of("wecom=https://gw.example.com/wecom", "sms = http://127.0.0.1:9/sms")))
                .containsExactly(Map.entry("wecom", "https://gw.example.com/wecom"), Map.entry("sms", "http://127.0.0.1:9/sms"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Deliveries.gateways(List.of("wecom"))))
                .hasMessage("--channel 'wecom' must be NAME=URL with an http(s) URL, e.g. --channel wecom=https://gateway.example.com/wecom/send");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Deliveries.gateways(List.of("sms=ftp://x"))))
                .hasMessageStartingWith("--channel 'sms=ftp://x' must be NAME=URL");
    }

    /** Outcomes by channel ("webhook" for webhook actions). */
    private static Map<String, OutcomeRow> outcomes(Workspace workspace) {
        Map<String, OutcomeRow> out = new java.util.LinkedHashMap<>();
        workspace.store().outcomes(null, null, "L1", null).forEach(o -> out.put(o.channel(), o));
        return out;
    }

    @Test
    void a_daily_schedule_runs_a_missed_occurrence_once_at_start_up() throws Exception {
        Path db = tmp.resolve("db");
        customers(db);
        Path playbook = playbook(
                "  morning_call:",
                "    on: { schedule: \"0 9 * * *\" }",
                "    if: not bought",
                "    do: [ { task: { reason: \"早上联系 {name}（{lead_grade} 级）\", due: 4h } } ]");
        try (Workspace first = workspace(db, playbook, new MovableClock(local("2024-07-01T10:00:00")))) {
            assertThat(first.store().outcomes("task", null, null, null)).as("a new schedule starts from now").isEmpty();
        }
        // down from 07-01 10:00 to 07-03 12:00: the 07-02 and 07-03 09:00 occurrences were missed; the latest runs, once
        try (Workspace late = workspace(db, playbook, new MovableClock(local("2024-07-03T12:00:00")))) {
            assertThat(late.store().outcomes("task", null, null, null)).singleElement().satisfies(t -> {
                assertThat(t.key()).endsWith(":cron:" + local("2024-07-03T09:00:00") + ":ops@1:morning_call:0:L1");
                assertThat(t.body()).isEqualTo("早上联系 王伟（B 级）");
                assertThat(t.createdAt()).isEqualTo(local("2024-07-03T12:00:00").getEpochSecond());
            });
            assertThat(late.runSchedules()).as("the same minute again").isZero();
        }
        try (Workspace next = workspace(db, playbook, new MovableClock(local("2024-07-04T09:00:30")))) {
            assertThat(next.store().outcomes("task", null, null, null)).hasSize(2);
        }
    }
}
