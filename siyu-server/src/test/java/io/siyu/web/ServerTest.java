package io.siyu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.facts.Facts;
import io.siyu.facts.PersonRef;
import io.siyu.store.FactImport;
import io.siyu.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The running server over real HTTP: facts in, tasks and messages out, tokens and ownership enforced. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DB;

    static {
        try {
            DB = Files.createTempDirectory("siyu-server-test");
            long lastMonth = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(20).atTime(12, 0)
                    .atZone(ZoneId.of("Asia/Shanghai")).toEpochSecond();
            try (Store store = Store.open(DB.toString()); FactImport in = store.importer()) {
                in.customer(new Facts.Customer("L1", Map.of("name", "王伟", "owner_staff_id", "S1", "car_model", "SUV-X",
                        "registered_at", LocalDate.now().minusDays(3).toString())));
                in.customer(new Facts.Customer("A", Map.of("name", "李娜", "owner_staff_id", "S2")));
                in.identity(new Facts.IdentityLink(java.util.List.of(PersonRef.customer("A"),
                        new PersonRef(io.siyu.facts.IdentityKind.PHONE, "13812345678")), "crm"));
                in.customer(new Facts.Customer("T1", Map.of("name", "赵敏", "owner_staff_id", "S9", "car_model", "EV-1",
                        "registered_at", LocalDate.now().minusDays(1).toString())));
                in.order(new Facts.Order("o1", PersonRef.customer("A"), lastMonth, 99, "paid", null, null, null));
            }
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        Path examples = Files.isDirectory(Path.of("examples")) ? Path.of("examples") : Path.of("../examples");
        r.add("siyu.db", DB::toString);
        r.add("siyu.models", () -> examples.resolve("rfm-8.yaml") + "," + examples.resolve("auto-leads.yaml"));
        r.add("siyu.playbooks", () -> examples.resolve("playbooks/c5-scenarios.yaml") + "," + examples.resolve("playbooks/c1-leads.yaml"));
        r.add("siyu.tokens", () -> "t-op:operator,t-mgr:manager,t-s1:staff:S1,t-s2:staff:S2");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_test_drive_form_makes_a_task_for_the_owner_at_once() throws Exception {
        HttpResponse<String> posted = call("POST", "/api/facts", "t-op",
                "{\"kind\": \"event\", \"event_id\": \"td-1\", \"customer_id\": \"L1\", \"occurred_at\": \""
                        + LocalDate.now(ZoneId.of("Asia/Shanghai")) + "T10:00:00\", \"type\": \"test_drive_form\"}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(posted.body()).path("results").get(0);
        assertThat(result.path("status").asText()).isEqualTo("accepted");
        assertThat(result.path("outcomes").get(0).path("reason").asText()).startsWith("王伟 提交了试驾表单（SUV-X）");

        JsonNode tasks = JSON.readTree(call("GET", "/api/tasks", "t-s1", null).body());
        assertThat(tasks.findValuesAsText("rule")).contains("test_drive_form");
        assertThat(JSON.readTree(call("GET", "/api/tasks", "t-s2", null).body()).findValuesAsText("customer_id"))
                .as("S2 sees none of S1's tasks").doesNotContain("L1");
        String key = java.util.stream.StreamSupport.stream(tasks.spliterator(), false)
                .filter(t -> t.path("customer_id").asText().equals("L1") && t.path("rule").asText().equals("test_drive_form"))
                .findFirst().orElseThrow().path("key").asText();
        String path = "/api/tasks/" + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> notYours = call("PATCH", path, "t-s2", "{\"state\": \"done\"}");
        assertThat(notYours.statusCode()).as("S2 cannot close S1's task").isEqualTo(404);
        assertThat(notYours.body()).contains("of yours");
        assertThat(call("PATCH", "/api/tasks/no-such-key", "t-op", "{\"state\": \"done\"}").statusCode()).isEqualTo(404);
        HttpResponse<String> done = call("PATCH", path, "t-s1", "{\"state\": \"done\"}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(JSON.readTree(done.body()).path("state").asText()).isEqualTo("done");
        assertThat(JSON.readTree(call("GET", "/api/tasks?state=done", "t-s1", null).body()).findValuesAsText("key")).contains(key);
        // a page at a time: a full page links to the next; the last one does not
        JsonNode everyone = JSON.readTree(call("GET", "/api/tasks?size=1000", "t-op", null).body());
        assertThat(everyone.size()).as("the tasks so far").isGreaterThan(1);
        HttpResponse<String> first = call("GET", "/api/tasks?size=1", "t-op", null);
        assertThat(JSON.readTree(first.body()).findValuesAsText("key")).containsExactly(everyone.get(0).path("key").asText());
        assertThat(first.headers().firstValue("Link")).hasValueSatisfying(l -> assertThat(l).contains("page=1").contains("size=1").endsWith("rel=\"next\""));
        HttpResponse<String> last = call("GET", "/api/tasks?size=1&page=" + (everyone.size() - 1), "t-op", null);
        assertThat(JSON.readTree(last.body()).findValuesAsText("key")).containsExactly(everyone.get(everyone.size() - 1).path("key").asText());
        assertThat(last.headers().firstValue("Link")).isEmpty();
        HttpResponse<String> badSize = call("GET", "/api/messages?size=0", "t-op", null);
        assertThat(badSize.statusCode()).isEqualTo(400);
        assertThat(badSize.body()).contains("size 1–1000");
        assertThat(call("GET", "/api/tasks?page=2147484&size=1000", "t-op", null).statusCode()).as("a page past any list").isEqualTo(400);
        // the same fact again, even timed otherwise: stored once, nothing produced twice
        java.util.function.Supplier<Long> formTasks = () -> workspace.store().outcomes("task", null, "L1", null).stream()
                .filter(t -> t.rule().equals("test_drive_form")).count();
        long before = formTasks.get();
        HttpResponse<String> again = call("POST", "/api/facts", "t-op",
                "[{\"kind\": \"event\", \"event_id\": \"td-1\", \"customer_id\": \"L1\", \"occurred_at\": \"2020-01-01\", \"type\": \"test_drive_form\"}]");
        JsonNode repeat = JSON.readTree(again.body()).path("results").get(0);
        assertThat(repeat.path("status").asText()).isEqualTo("repeat");
        assertThat(repeat.path("outcomes").findValuesAsText("key")).as("the first delivery's task, as stored").contains(key);
        assertThat(formTasks.get()).isEqualTo(before);
    }

    @org.springframework.beans.factory.annotation.Autowired
    Workspace workspace;

    @Test
    void ack_stored_answers_once_durable_and_the_outcomes_follow() throws Exception {
        // a new lead and their test-drive form, acknowledged once stored
        HttpResponse<String> posted = call("POST", "/api/facts?ack=stored", "t-op",
                "[{\"kind\": \"customer\", \"customer_id\": \"AS1\", \"name\": \"周杰\", \"owner_staff_id\": \"S1\"},"
                        + "{\"kind\": \"event\", \"event_id\": \"td-stored\", \"customer_id\": \"AS1\", \"occurred_at\": \""
                        + LocalDate.now(ZoneId.of("Asia/Shanghai")) + "T10:05:00\", \"type\": \"test_drive_form\"}]");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(posted.body()).path("results").get(1);
        assertThat(result.path("status").asText()).isEqualTo("accepted");
        assertThat(result.has("outcomes")).as("only durability is acknowledged").isFalse();
        JsonNode stats = null;
        for (int i = 0; i < 500; i++) {
            stats = JSON.readTree(call("GET", "/api/ingest", "t-op", null).body());
            if (stats.path("pending_facts").asLong() == 0) {
                break;
            }
            Thread.sleep(10);
        }
        assertThat(stats.path("pending_facts").asLong()).isZero();
        assertThat(stats.path("applied_facts").asLong()).isEqualTo(stats.path("stored_facts").asLong()).isPositive();
        assertThat(workspace.store().outcomes("task", "S1", "AS1", null)).as("the form's task, applied behind the answer")
                .anySatisfy(o -> assertThat(o.key()).contains(":event:td-stored:c1-leads@1:test_drive_form:"));

        HttpResponse<String> moved = call("POST", "/api/facts?ack=stored", "t-op",
                "{\"kind\": \"customer\", \"customer_id\": \"AS1\", \"owner_staff_id\": \"S2\"}");
        assertThat(JSON.readTree(moved.body()).path("results").get(0).path("status").asText()).as(moved.body()).isEqualTo("updated");
        for (int i = 0; i < 500 && !"S2".equals(workspace.customerValues("AS1").get("owner_staff_id")); i++) {
            Thread.sleep(10);
        }
        assertThat(workspace.customerValues("AS1")).as("the update, applied behind the answer").containsEntry("owner_staff_id", "S2");

        HttpResponse<String> bad = call("POST", "/api/facts?ack=later", "t-op", "{}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("ack must be 'applied' or 'stored', not 'later'");
        assertThat(call("GET", "/api/ingest", "t-s1", null).statusCode()).isEqualTo(403);
    }

    @Test
    void a_new_lead_joins_the_engines_at_once_and_its_phone_finds_it() throws Exception {
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        int rebuilds = workspace.rebuilds();
        HttpResponse<String> added = call("POST", "/api/facts", "t-op", "{\"kind\": \"customer\", \"customer_id\": \"N1\", "
                + "\"phone\": \"13900000001\", \"name\": \"钱多多\", \"owner_staff_id\": \"S1\", \"car_model\": \"SUV-X\", "
                + "\"registered_at\": \"" + today + "\"}");
        assertThat(JSON.readTree(added.body()).path("results").get(0).path("status").asText()).as(added.body()).isEqualTo("accepted");
        assertThat(workspace.rebuilds()).as("a new customer is added live, not by reloading everything").isEqualTo(rebuilds);

        // the lead's first fact names only the phone: it lands on N1, and the form reaches S1 at once
        HttpResponse<String> form = call("POST", "/api/facts", "t-op", "{\"kind\": \"event\", \"event_id\": \"td-n1\", "
                + "\"phone\": \"13900000001\", \"occurred_at\": \"" + today + "T09:00:00\", \"type\": \"test_drive_form\"}");
        JsonNode result = JSON.readTree(form.body()).path("results").get(0);
        assertThat(result.path("status").asText()).as(form.body()).isEqualTo("accepted");
        assertThat(result.path("outcomes").findValuesAsText("reason")).anyMatch(r -> r.startsWith("钱多多 提交了试驾表单（SUV-X）"));
        assertThat(result.path("changes").findValuesAsText("to")).contains("S");
        HttpResponse<String> lead = call("GET", "/api/customers/phone:13900000001", "t-s1", null);
        assertThat(lead.statusCode()).as(lead.body()).isEqualTo(200);
        assertThat(JSON.readTree(lead.body()).path("customer_id").asText()).isEqualTo("N1");
        assertThat(JSON.readTree(lead.body()).path("models").path("auto-leads").path("values").path("lead_grade").asText()).isEqualTo("S");
        // identifiers are looked up in the identity index: unknown ones, and unknown kinds, are 404s
        assertThat(call("GET", "/api/customers/phone:10000000000", "t-op", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/customers/fax:13900000001", "t-op", null).statusCode()).isEqualTo(404);

        // a new customer with the phone of a loaded one is the same person: identities are unified again
        call("POST", "/api/facts", "t-op", "{\"kind\": \"customer\", \"customer_id\": \"A2\", \"phone\": \"13812345678\"}");
        assertThat(workspace.rebuilds()).isEqualTo(rebuilds + 1);
        io.siyu.engine.Profiles p = workspace.layerings().get("rfm-8").engine().profiles();
        int merged = workspace.customerIndex(workspace.layerings().get("rfm-8"), "phone:13812345678");
        assertThat(p.customers().identities(merged)).as("A and A2 are one customer now")
                .contains(PersonRef.customer("A"), PersonRef.customer("A2"));
    }

    @Test
    void managers_add_staff_and_hand_one_customer_to_another_owner() throws Exception {
        assertThat(call("PUT", "/api/staff/S7", "t-s1", "{\"name\": \"王敏\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> added = call("PUT", "/api/staff/S7", "t-mgr", "{\"name\": \"王敏\", \"role\": \"sales\", \"store_id\": \"ST1\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        call("PUT", "/api/staff/S8", "t-mgr", "{\"name\": \"离职的人\", \"active\": false}");
        JsonNode staff = JSON.readTree(call("GET", "/api/staff", "t-op", null).body());
        assertThat(staff.findValuesAsText("staff_id")).contains("S7", "S8");
        assertThat(call("PUT", "/api/staff/S9", "t-mgr", "{\"nmae\": \"x\"}").body()).contains("unknown field(s) [nmae]");

        call("POST", "/api/facts", "t-op", "{\"kind\": \"customer\", \"customer_id\": \"OW1\", \"name\": \"周周\", \"owner_staff_id\": \"S1\"}");
        assertThat(call("GET", "/api/customers/OW1", "t-s2", null).statusCode()).isEqualTo(403);
        assertThat(call("PUT", "/api/customers/OW1/owner", "t-mgr", "{\"staff_id\": \"S8\"}").body()).contains("has left");
        JsonNode toLeaver = JSON.readTree(call("POST", "/api/facts", "t-op",
                "{\"kind\": \"customer\", \"customer_id\": \"OW1\", \"owner_staff_id\": \"S8\"}").body()).path("results").get(0);
        assertThat(toLeaver.path("status").asText()).as("a customer update cannot hand them to a leaver either").isEqualTo("rejected");
        assertThat(toLeaver.path("reason").asText()).contains("owner_staff_id 'S8' has left");
        HttpResponse<String> moved = call("PUT", "/api/customers/OW1/owner", "t-mgr", "{\"staff_id\": \"S2\"}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(JSON.readTree(moved.body()).path("from").asText()).isEqualTo("S1");
        assertThat(call("GET", "/api/customers/OW1", "t-s2", null).statusCode()).as("the new owner sees the customer").isEqualTo(200);
        assertThat(call("GET", "/api/customers/OW1", "t-s1", null).statusCode()).as("the old one no longer").isEqualTo(403);
        assertThat(call("GET", "/api/staff", "t-s2", null).body()).doesNotContain("S7");
        assertThat(call("PUT", "/api/customers/nobody/owner", "t-mgr", "{\"staff_id\": \"S2\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void an_order_may_carry_its_lines_and_bad_lines_reject_the_order() throws Exception {
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        HttpResponse<String> posted = call("POST", "/api/facts", "t-op", "["
                + "{\"kind\": \"order\", \"order_id\": \"ol-1\", \"customer_id\": \"A\", \"ordered_at\": \"" + today + "\", "
                + "\"amount\": 118, \"items\": [{\"sku\": \"SKU1\", \"quantity\": 2, \"unit_price\": 59}]},"
                + "{\"kind\": \"order\", \"order_id\": \"ol-2\", \"customer_id\": \"A\", \"ordered_at\": \"" + today + "\", "
                + "\"amount\": 59, \"items\": [{\"quantity\": 0}]}]");
        JsonNode results = JSON.readTree(posted.body()).path("results");
        assertThat(results.get(0).path("status").asText()).as(posted.body()).isEqualTo("accepted");
        assertThat(results.get(1).path("status").asText()).isEqualTo("rejected");
        assertThat(results.get(1).path("reason").asText()).isEqualTo(
                "facts[1].items[0]: an order line needs a \"sku\" (text), e.g. {\"sku\": \"SKU1\", \"quantity\": 2}");
        assertThat(workspace.store().factCounts()).containsEntry("order_items", 1L);
    }

    @Test
    void a_known_customer_posted_again_is_updated_and_do_not_contact_blocks_from_then_on() throws Exception {
        String now = LocalDate.now(ZoneId.of("Asia/Shanghai")) + "T10:00:00";
        call("POST", "/api/facts", "t-op", "{\"kind\": \"customer\", \"customer_id\": \"D\", \"name\": \"周杰\", \"owner_staff_id\": \"S1\"}");
        HttpResponse<String> optOut = call("POST", "/api/facts", "t-op",
                "{\"kind\": \"customer\", \"customer_id\": \"D\", \"do_not_contact\": \"true\"}");
        assertThat(JSON.readTree(optOut.body()).path("results").get(0).path("status").asText()).as(optOut.body()).isEqualTo("updated");
        HttpResponse<String> again = call("POST", "/api/facts", "t-op",
                "{\"kind\": \"customer\", \"customer_id\": \"D\", \"do_not_contact\": \"true\"}");
        assertThat(JSON.readTree(again.body()).path("results").get(0).path("status").asText()).as("the same values again").isEqualTo("repeat");

        HttpResponse<String> chat = call("POST", "/api/facts", "t-op", "{\"kind\": \"message\", \"message_id\": \"m-d1\", "
                + "\"customer_id\": \"D\", \"sent_at\": \"" + now + "\", \"text\": \"同事过来问这是什么牌子\", \"direction\": \"in\"}");
        JsonNode outcomes = JSON.readTree(chat.body()).path("results").get(0).path("outcomes");
        assertThat(outcomes.findValuesAsText("kind")).as(chat.body()).isNotEmpty().containsOnly("blocked");
        assertThat(outcomes.findValuesAsText("blocked_because")).allMatch(r -> r.startsWith("do not contact"));

        // a new owner in the customer's attributes is an ownership transfer: S2 sees D now, S1 no longer
        HttpResponse<String> moved = call("POST", "/api/facts", "t-op",
                "{\"kind\": \"customer\", \"customer_id\": \"D\", \"owner_staff_id\": \"S2\"}");
        assertThat(JSON.readTree(moved.body()).path("results").get(0).path("status").asText()).isEqualTo("updated");
        assertThat(call("GET", "/api/customers/D", "t-s2", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/customers/D", "t-s1", null).statusCode()).isEqualTo(403);
        // and the store has both: a rebuild (the next day) sees the same customer
        workspace.rebuild();
        assertThat(workspace.customerValues("D")).containsEntry("owner_staff_id", "S2");
        assertThat(workspace.layerings().get("rfm-8").facts().data().customers().attribute("do_not_contact").format(
                workspace.layerings().get("rfm-8").facts().data().customers().indexOf("D"))).isEqualTo("true");
    }

    @Test
    void almost_finished_is_answered_in_the_log_channel_and_not_finished_is_not() throws Exception {
        String now = java.time.LocalDate.now(ZoneId.of("Asia/Shanghai")) + "T10:00:00";
        HttpResponse<String> posted = call("POST", "/api/facts", "t-op", "["
                + "{\"kind\": \"message\", \"message_id\": \"m-1\", \"customer_id\": \"A\", \"sent_at\": \"" + now + "\", \"text\": \"还没吃完呢\", \"direction\": \"in\"},"
                + "{\"kind\": \"message\", \"message_id\": \"m-2\", \"customer_id\": \"A\", \"sent_at\": \"" + now + "\", \"text\": \"快吃完了\", \"direction\": \"in\"},"
                + "{\"kind\": \"order\", \"customer_id\": \"A\", \"ordered_at\": \"" + now + "\", \"amount\": -5}"
                + "]");
        JsonNode results = JSON.readTree(posted.body()).path("results");
        assertThat(results.get(0).has("outcomes")).isFalse();
        assertThat(results.get(1).path("scenarios").get(0).asText()).isEqualTo("repurchase");
        assertThat(results.get(2).path("status").asText()).isEqualTo("rejected");
        assertThat(results.get(2).path("reason").asText()).contains("order_id");
        JsonNode messages = JSON.readTree(call("GET", "/api/messages?customer=A", "t-op", null).body());
        assertThat(messages.findValuesAsText("channel")).contains("log");
        assertThat(messages.toString()).contains("李娜您好，看到您说快用完了");
        assertThat(results.get(1).has("not_acted")).as("A has a paid order: the rule acted").isFalse();

        // a lead who never bought says the same: the scenario is seen, the rule's condition says why nothing is done
        JsonNode lead = JSON.readTree(call("POST", "/api/facts", "t-op", "{\"kind\": \"message\", \"message_id\": \"m-3\", "
                + "\"customer_id\": \"L1\", \"sent_at\": \"" + now + "\", \"text\": \"快吃完了\", \"direction\": \"in\"}").body())
                .path("results").get(0);
        assertThat(lead.path("scenarios").get(0).asText()).isEqualTo("repurchase");
        assertThat(lead.has("outcomes")).isFalse();
        JsonNode notActed = lead.path("not_acted").get(0);
        assertThat(notActed.path("playbook").asText()).isEqualTo("c5-scenarios@1");
        assertThat(notActed.path("rule").asText()).isEqualTo("repurchase");
        assertThat(notActed.path("why").asText()).startsWith("`paid_orders >= 1` (")
                .endsWith("c5-scenarios.yaml:9:9) does not hold: paid_orders = 0");
    }

    @Test
    void staff_see_only_their_customers_and_bad_requests_get_clear_errors() throws Exception {
        assertThat(call("GET", "/api/customers/L1", "t-s1", null).statusCode()).isEqualTo(200);
        HttpResponse<String> other = call("GET", "/api/customers/L1", "t-s2", null);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("belongs to another staff member");
        assertThat(call("GET", "/api/customers/L1", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> malformed = call("POST", "/api/facts", "t-op", "{\"kind\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("malformed JSON");
        HttpResponse<String> unknown = call("POST", "/api/facts", "t-op", "{\"kind\": \"order\", \"order_id\": \"x\", \"customer_id\": \"A\", \"ordered_at\": \"2024-01-01\", \"amount\": 1, \"colour\": \"red\"}");
        assertThat(JSON.readTree(unknown.body()).path("results").get(0).path("reason").asText()).contains("unknown field [colour]");
        HttpResponse<String> huge = call("POST", "/api/facts", "t-op", "[" + "{},".repeat(400_000) + "{}]");
        assertThat(huge.statusCode()).isEqualTo(413);
        HttpResponse<String> count = call("POST", "/api/audiences/count", "t-op", "{\"model\": \"rfm-8\", \"expression\": \"paid_orders >= 1\"}");
        assertThat(JSON.readTree(count.body()).path("count").asInt()).isGreaterThanOrEqualTo(1);
        HttpResponse<String> badExpr = call("POST", "/api/audiences/count", "t-op", "{\"model\": \"rfm-8\", \"expression\": \"paid_ordrs > 1\"}");
        assertThat(badExpr.statusCode()).isEqualTo(400);
        assertThat(badExpr.body()).contains("did you mean 'paid_orders'");
        JsonNode members = JSON.readTree(call("GET", "/api/segments/rfm-8/rfm_class=无消费?size=10", "t-op", null).body());
        assertThat(members.findValuesAsText("customer_id")).contains("L1");
        JsonNode own = JSON.readTree(call("GET", "/api/segments/rfm-8/rfm_class=无消费", "t-s2", null).body());
        assertThat(own.findValuesAsText("customer_id")).doesNotContain("L1");
        assertThat(call("GET", "/api/segments/rfm-8/nope", "t-op", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/v3/api-docs", null, null).body()).contains("/api/facts");
        JsonNode models = JSON.readTree(call("GET", "/api/models", "t-op", null).body());
        assertThat(models.findValuesAsText("name")).contains("rfm-8", "auto-leads", "playbook:c5-scenarios", "playbook:c1-leads");
        assertThat(call("GET", "/actuator/health", null, null).body()).contains("UP");
    }

    @Test
    void a_task_left_open_a_day_past_its_due_time_is_expired() throws Exception {
        String threeDaysAgo = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(3) + "T10:00:00";
        // a lead of its own, so no other test's contact with L1 stands in the way
        HttpResponse<String> posted = call("POST", "/api/facts", "t-op", "[{\"kind\": \"customer\", \"customer_id\": \"E1\", "
                + "\"name\": \"钱七\", \"owner_staff_id\": \"S1\"}, {\"kind\": \"event\", \"event_id\": \"td-old\", "
                + "\"customer_id\": \"E1\", \"occurred_at\": \"" + threeDaysAgo + "\", \"type\": \"test_drive_form\"}]");
        JsonNode task = JSON.readTree(posted.body()).path("results").get(1).path("outcomes").get(0);
        assertThat(task.path("kind").asText()).as(posted.body()).isEqualTo("task");
        String key = task.path("key").asText();
        assertThat(JSON.readTree(call("GET", "/api/tasks?state=expired", "t-s1", null).body()).findValuesAsText("key")).contains(key);
        assertThat(JSON.readTree(call("GET", "/api/tasks?state=open", "t-s1", null).body()).findValuesAsText("key")).doesNotContain(key);
        assertThat(JSON.readTree(call("GET", "/api/staff/progress", "t-mgr", null).body()).path("S1").path("tasks_expired").asInt())
                .isGreaterThanOrEqualTo(1);
        // done late is still done
        HttpResponse<String> done = call("PATCH", "/api/tasks/" + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8),
                "t-s1", "{\"state\": \"done\"}");
        assertThat(JSON.readTree(done.body()).path("state").asText()).as(done.body()).isEqualTo("done");
    }

    @Test
    void a_departing_salesperson_s_customers_and_open_tasks_move_to_a_colleague() throws Exception {
        call("POST", "/api/facts", "t-op", "{\"kind\": \"event\", \"event_id\": \"td-x\", \"customer_id\": \"T1\", "
                + "\"occurred_at\": \"" + LocalDate.now(ZoneId.of("Asia/Shanghai")) + "T11:00:00\", \"type\": \"test_drive_form\"}");
        assertThat(call("POST", "/api/staff/S9/transfer", "t-s1", "{\"to\": \"S2\"}").statusCode()).as("staff cannot").isEqualTo(403);
        HttpResponse<String> moved = call("POST", "/api/staff/S9/transfer", "t-mgr", "{\"to\": \"S2\"}");
        assertThat(JSON.readTree(moved.body()).path("customers_moved").asInt()).as(moved.body()).isEqualTo(1);
        assertThat(call("GET", "/api/customers/T1", "t-s2", null).statusCode()).as("the new owner sees T1").isEqualTo(200);
        assertThat(call("GET", "/api/customers/T1", "t-s1", null).statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(call("GET", "/api/tasks?state=open", "t-s2", null).body()).findValuesAsText("customer_id")).contains("T1");
        assertThat(call("PUT", "/api/customers/T1/follow-up", "t-s2", "{\"status\": \"following\"}").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(call("GET", "/api/customers/T1", "t-s2", null).body()).path("follow_up").asText()).isEqualTo("following");
        JsonNode progress = JSON.readTree(call("GET", "/api/staff/progress", "t-mgr", null).body());
        assertThat(progress.path("S2").path("follow_up_following").asInt()).isEqualTo(1);
        assertThat(progress.path("S2").path("customers").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(progress.path("S2").path("tasks_open").asInt()).as("T1's test-drive task moved with T1").isGreaterThanOrEqualTo(1);
        assertThat(progress.path("S9").path("tasks_open").isMissingNode()).as(progress.toString()).isTrue();
    }

    @Test
    void operators_see_phone_numbers_and_names_masked_the_owner_sees_them_in_full() throws Exception {
        String forOperator = call("GET", "/api/customers/A", "t-op", null).body();
        assertThat(forOperator).contains("138****5678").doesNotContain("13812345678").contains("\"name\":\"李*\"");
        String forOwner = call("GET", "/api/customers/A", "t-s2", null).body();
        assertThat(forOwner).contains("13812345678").contains("\"name\":\"李娜\"");
    }

    @Test
    void request_threads_run_behind_the_ingest_stages_and_scheduled_work_beside_them() throws Exception {
        assertThat(call("GET", "/api/models", "t-op", null).statusCode()).isEqualTo(200); // a request thread has started
        Map<String, Integer> priorities = new java.util.TreeMap<>();
        Thread.getAllStackTraces().keySet().forEach(t -> priorities.merge(t.getName().replaceAll("-\\d+$", ""), t.getPriority(), Math::max));
        assertThat(priorities).as(priorities.toString())
                .containsEntry("siyu-store", Thread.NORM_PRIORITY).containsEntry("siyu-apply", Thread.NORM_PRIORITY)
                .containsEntry("scheduling", Thread.NORM_PRIORITY); // it holds what ingest waits for
        assertThat(priorities.entrySet()).as("request threads").filteredOn(e -> e.getKey().matches("http-nio-.*-exec"))
                .isNotEmpty().allSatisfy(e -> assertThat(e.getValue()).isEqualTo(Thread.MIN_PRIORITY));
    }
}
