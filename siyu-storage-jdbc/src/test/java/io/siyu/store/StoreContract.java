package io.siyu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siyu.facts.FactSink;
import io.siyu.facts.Facts;
import io.siyu.facts.IdentityKind;
import io.siyu.facts.PersonRef;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The storage contract, run against every supported database by the subclasses. Each test gets
 * a fresh, empty database from {@link #freshLocation()}.
 */
abstract class StoreContract {

    /** A location (directory or JDBC URL) of a new, empty database. */
    abstract String freshLocation() throws Exception;

    /** A JDBC URL for raw checks of the database at {@code location}. */
    abstract String jdbcUrl(String location);

    // ------------------------------------------------------------------ facts

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static final PersonRef C1 = PersonRef.customer("c1");
    private static final PersonRef PHONE = new PersonRef(IdentityKind.PHONE, "13800000000");
    private static final PersonRef UNION = new PersonRef(IdentityKind.UNIONID, "oU_张三");
    private static final PersonRef EXT = new PersonRef(IdentityKind.EXTERNAL_USERID, "wm-ext-1");

    /** Hand-made facts of every kind, in load order per kind. */
    static List<Object> sampleFacts() {
        List<Object> f = new ArrayList<>();
        f.add(new Facts.Customer("c1", map("name", "张三", "region", "上海", "member_level", "金卡")));
        f.add(new Facts.Customer("c2", map("name", "O'Brien \"Bob\"", "note", "line1\nline2\t{}[],:", "empty", null)));
        f.add(new Facts.Customer("c3", map()));
        f.add(new Facts.IdentityLink(List.of(C1, UNION, PHONE), "wecom"));
        f.add(new Facts.IdentityLink(List.of(EXT, new PersonRef(IdentityKind.OPENID, "o-1")), null));
        f.add(new Facts.Staff("s1", "李导购", "导购", "store-徐汇", true));
        f.add(new Facts.Staff("s2", "Wang", null, null, false));
        f.add(new Facts.Product("sku-洁面", "氨基酸洁面乳", "护肤", 89.9, 30));
        f.add(new Facts.Product("sku-2", null, null, Double.NaN, Double.NaN));
        f.add(new Facts.Order("o1", C1, 1_714_521_600L, 180.5, "paid", "store-1", "小程序", "T08"));
        f.add(new Facts.Order("o2", PHONE, 1_714_608_000L, -20, "refunded", null, null, null));
        f.add(new Facts.Order("o3", UNION, 1_714_700_000L, Double.NaN, null, null, null, null));
        f.add(new Facts.OrderItem("o1", "sku-洁面", 2, 89.9));
        f.add(new Facts.OrderItem("o1", "sku-洁面", 2, 89.9)); // same line twice: items carry no id, both kept
        f.add(new Facts.OrderItem("o2", "sku-2", 0.5, Double.NaN));
        f.add(new Facts.Event("e1", EXT, 1_714_521_601L, "click_moments_link",
                map("url", "https://例子.cn/a?b=1&c=\"2\"", "json", "{\"nested\": [1, 2]}", "article", "新品试用")));
        f.add(new Facts.Event(null, EXT, 1_714_521_602L, "read_article", map()));
        f.add(new Facts.Event(null, EXT, 1_714_521_602L, "read_article", map())); // no id: both kept
        f.add(new Facts.Message("m1", C1, 1_714_521_700L, "快吃完了,还有那个套装吗?", "in", "private", null, "s1"));
        f.add(new Facts.Message(null, UNION, 1_714_521_800L, "同事过来问这是什么牌子 😀", "in", "group", "g-1", null));
        f.add(new Facts.Message("m3", PHONE, 1_714_521_900L, null, null, null, null, null));
        return f;
    }

    static boolean give(FactSink sink, Object fact) {
        if (fact instanceof Facts.Customer c) {
            return sink.customer(c);
        } else if (fact instanceof Facts.IdentityLink l) {
            return sink.identity(l);
        } else if (fact instanceof Facts.Staff s) {
            return sink.staff(s);
        } else if (fact instanceof Facts.Product p) {
            return sink.product(p);
        } else if (fact instanceof Facts.Order o) {
            return sink.order(o);
        } else if (fact instanceof Facts.OrderItem i) {
            return sink.orderItem(i);
        } else if (fact instanceof Facts.Event e) {
            return sink.event(e);
        } else if (fact instanceof Facts.Message m) {
            return sink.message(m);
        }
        throw new IllegalArgumentException(String.valueOf(fact));
    }

    @Test
    void importedFactsReplayUnchangedAfterReopen() throws Exception {
        String location = freshLocation();
        List<Object> facts = sampleFacts();
        List<Object> shuffled = new ArrayList<>();
        // give the kinds interleaved (messages first, customers last) to show replay orders by kind
        for (int i = facts.size() - 1; i >= 0; i--) {
            shuffled.add(facts.get(i));
        }
        try (Store store = Store.open(location); FactImport in = store.importer()) {
            for (Object fact : shuffled) {
                assertThat(give(in, fact)).as("new fact %s", fact).isTrue();
            }
        }
        // load order per kind is the order the facts of that kind were given: reversed here
        List<Object> expected = new ArrayList<>();
        for (Class<?> kind : List.of(Facts.Customer.class, Facts.IdentityLink.class, Facts.Staff.class,
                Facts.Product.class, Facts.Order.class, Facts.OrderItem.class, Facts.Event.class, Facts.Message.class)) {
            for (Object fact : shuffled) {
                if (kind.isInstance(fact)) {
                    expected.add(fact);
                }
            }
        }
        try (Store store = Store.open(location)) {
            RecordingSink sink = new RecordingSink();
            store.replay(sink);
            assertThat(sink.facts).containsExactlyElementsOf(expected);
            assertThat(store.factCounts()).containsExactly(
                    Map.entry("customers", 3L), Map.entry("identity_links", 2L), Map.entry("staff", 2L),
                    Map.entry("products", 2L), Map.entry("orders", 3L), Map.entry("order_items", 3L),
                    Map.entry("events", 3L), Map.entry("messages", 3L));
        }
    }

    @Test
    void repeatedIdsAreAppliedOnceAndReportedAsRepeats() throws Exception {
        String location = freshLocation();
        Facts.Order first = new Facts.Order("o1", C1, 100, 10, "paid", null, null, null);
        Facts.Order again = new Facts.Order("o1", PHONE, 200, 99, "refunded", null, null, null);
        try (Store store = Store.open(location)) {
            try (FactImport in = store.importer()) {
                assertThat(in.order(first)).isTrue();
                assertThat(in.order(again)).as("repeat within one import").isFalse();
                assertThat(in.customer(new Facts.Customer("c1", map("name", "a")))).isTrue();
                assertThat(in.customer(new Facts.Customer("c1", map("name", "b")))).isFalse();
                assertThat(in.event(new Facts.Event("e1", C1, 1, "t", map()))).isTrue();
                assertThat(in.event(new Facts.Event("e1", C1, 2, "t", map()))).isFalse();
                assertThat(in.message(new Facts.Message("m1", C1, 1, "x", null, null, null, null))).isTrue();
                assertThat(in.message(new Facts.Message("m1", C1, 1, "y", null, null, null, null))).isFalse();
                assertThat(in.product(new Facts.Product("p1", null, null, 1, 1))).isTrue();
                assertThat(in.product(new Facts.Product("p1", null, null, 2, 2))).isFalse();
                assertThat(in.staff(new Facts.Staff("s1", "a", null, null, true))).isTrue();
                assertThat(in.staff(new Facts.Staff("s1", "b", null, null, true))).isFalse();
            }
            try (FactImport in = store.importer()) {
                assertThat(in.order(again)).as("repeat of an order stored by an earlier import").isFalse();
                assertThat(in.event(new Facts.Event("e1", C1, 3, "t", map()))).isFalse();
                assertThat(in.order(new Facts.Order("o2", C1, 300, 5, "paid", null, null, null))).isTrue();
            }
            RecordingSink sink = new RecordingSink();
            store.replay(sink);
            assertThat(sink.facts).filteredOn(Facts.Order.class::isInstance).containsExactly(
                    first, new Facts.Order("o2", C1, 300, 5, "paid", null, null, null));
            assertThat(sink.facts).contains(new Facts.Customer("c1", map("name", "a")));
            Map<String, Long> counts = store.factCounts();
            assertThat(counts).containsEntry("orders", 2L).containsEntry("customers", 1L)
                    .containsEntry("events", 1L).containsEntry("messages", 1L)
                    .containsEntry("products", 1L).containsEntry("staff", 1L);
        }
    }

    @Test
    void aLinkOfManyLongIdentitiesIsStoredOnceWhateverItsLength() throws Exception {
        List<PersonRef> refs = new ArrayList<>(List.of(C1));
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 60; i++) { // about 5 KB of refs that do not compress: more than a PostgreSQL btree entry holds
            StringBuilder value = new StringBuilder("o" + i + "-");
            for (int k = 0; k < 70; k++) {
                value.append((char) ('A' + random.nextInt(58)));
            }
            refs.add(new PersonRef(IdentityKind.OPENID, value.toString()));
        }
        Facts.IdentityLink link = new Facts.IdentityLink(refs, "crm");
        String location = freshLocation();
        try (Store store = Store.open(location)) {
            try (FactImport in = store.importer()) {
                assertThat(in.identity(link)).isTrue();
            }
            try (FactImport in = store.importer()) {
                assertThat(in.identity(link)).as("a repeat, found by an importer of its own").isFalse();
            }
            assertThat(store.factCounts()).containsEntry("identity_links", 1L);
            RecordingSink sink = new RecordingSink();
            store.replay(sink);
            assertThat(sink.facts).filteredOn(Facts.IdentityLink.class::isInstance).containsExactly(link);
        }
    }

    /** Identity links and order lines carry no id; importing the same files twice still doubles nothing. */
    @Test
    void linksAndOrderLinesImportedAgainAreRepeats() throws Exception {
        String location = freshLocation();
        Facts.IdentityLink link = new Facts.IdentityLink(List.of(C1, PHONE), "crm");
        Facts.OrderItem line1 = new Facts.OrderItem("o1", "sku-a", 1, 10);
        Facts.OrderItem line2 = new Facts.OrderItem("o1", "sku-a", 1, 10); // the same line twice in one order is two lines
        Facts.OrderItem line3 = new Facts.OrderItem("o2", "sku-b", 2, 5);
        try (Store store = Store.open(location)) {
            try (FactImport in = store.importer()) {
                assertThat(in.identity(link)).isTrue();
                assertThat(in.identity(new Facts.IdentityLink(List.of(C1, PHONE), "pos"))).as("same refs, other source").isFalse();
                assertThat(in.orderItem(line1)).isTrue();
                assertThat(in.orderItem(line2)).isTrue();
            }
            try (FactImport in = store.importer()) { // the same files again, plus one new order's line
                assertThat(in.identity(link)).isFalse();
                assertThat(in.orderItem(line1)).as("o1 had lines stored before this import").isFalse();
                assertThat(in.orderItem(line2)).isFalse();
                assertThat(in.orderItem(line3)).isTrue();
                assertThat(in.orderItem(new Facts.OrderItem("o2", "sku-c", 1, 3))).as("o2's lines are this import's").isTrue();
            }
            assertThat(store.factCounts()).containsEntry("identity_links", 1L).containsEntry("order_items", 4L);
            try (FactImport live = store.sharedImporter()) {
                assertThat(live.orderItem(new Facts.OrderItem("o3", "sku-a", 1, 10))).as("the server passes lines of new orders only").isTrue();
            }
        }
    }

    @Test
    void abortDiscardsAndFlushMakesDurable() throws Exception {
        String location = freshLocation();
        try (Store store = Store.open(location)) {
            FactImport in = store.importer();
            in.order(new Facts.Order("o1", C1, 100, 10, "paid", null, null, null));
            in.flush();
            in.order(new Facts.Order("o2", C1, 100, 10, "paid", null, null, null));
            in.abort();
            assertThat(store.factCounts()).containsEntry("orders", 1L);
            assertThatThrownBy(() -> in.order(new Facts.Order("o3", C1, 1, 1, "paid", null, null, null)))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    // ------------------------------------------------------------------ migrations

    @Test
    void migrationsApplyToAnEmptyDatabaseAndAreIdempotentOnReopen() throws Exception {
        String location = freshLocation();
        try (Store store = Store.open(location)) {
            assertThat(store.factCounts().values()).containsOnly(0L);
            assertThat(store.runs()).isEmpty();
            try (FactImport in = store.importer()) {
                in.customer(new Facts.Customer("c1", map()));
            }
        }
        List<String> firstHistory = history(location);
        List<String> expected = new ArrayList<>(List.of("1:true", "2:true", "3:true", "4:true", "5:true", "6:true", "7:true", "8:true",
                "9:true", "10:true", "11:true", "12:true", "13:true", "14:true", "15:true"));
        expected.addAll(ownMigrations());
        expected.sort(java.util.Comparator.comparingDouble(v -> Double.parseDouble(v.substring(0, v.indexOf(':'))))); // as Flyway orders versions
        assertThat(firstHistory).containsExactlyElementsOf(expected);
        try (Store store = Store.open(location)) {
            assertThat(store.factCounts()).containsEntry("customers", 1L);
        }
        assertThat(history(location)).isEqualTo(firstHistory);
    }

    @Test
    void importsMoveTheAppliedMarksTheLiveImporterLeavesThemToTheOutcomesCommit() throws Exception {
        try (Store store = Store.open(freshLocation())) {
            assertThat(store.appliedMarks()).containsOnlyKeys(Store.APPLIED_TABLES).containsValue(0L);
            try (FactImport in = store.importer()) {
                in.customer(new Facts.Customer("c1", map()));
                in.event(new Facts.Event("e1", PersonRef.customer("c1"), 100, "page_view", map()));
            }
            assertThat(store.appliedMarks()).containsEntry("customers", 1L).containsEntry("events", 1L).containsEntry("orders", 0L);
            FactImport live = store.sharedImporter();
            live.event(new Facts.Event("e2", PersonRef.customer("c1"), 200, "page_view", map()));
            live.event(new Facts.Event("e3", PersonRef.customer("c1"), 300, "page_view", map()));
            live.flush();
            assertThat(live.lastSeqs()).containsEntry("events", 3L);
            assertThat(store.appliedMarks()).containsEntry("events", 1L);
            assertThat(store.lastSeqs()).containsEntry("events", 3L).containsEntry("customers", 1L);

            // what was applied loads; what was stored after comes back as the tail
            List<String> loaded = new ArrayList<>();
            List<String> tail = new ArrayList<>();
            store.replay(eventIds(loaded), store.appliedMarks(), eventIds(tail));
            assertThat(loaded).containsExactly("e1");
            assertThat(tail).containsExactly("e2", "e3");

            try (FactImport later = store.importer()) {
                later.event(new Facts.Event("e4", PersonRef.customer("c1"), 400, "page_view", map()));
            }
            assertThat(store.appliedMarks()).as("an import leaves the mark behind facts the server still owes").containsEntry("events", 1L);

            store.saveOutcomes(List.of(), Map.of(), Map.of("events", 3L));
            store.saveOutcomes(List.of(), Map.of(), Map.of("events", 2L));
            assertThat(store.appliedMarks()).as("marks never move back").containsEntry("events", 3L);
        }
    }

    @Test
    void aCustomerUpdateIsStoredOnItsOwnAndFoldedInOnlyWithItsOutcomes() throws Exception {
        String location = freshLocation();
        try (Store store = Store.open(location)) {
            try (FactImport in = store.importer()) {
                in.customer(new Facts.Customer("c1", Map.of("name", "周杰", "owner_staff_id", "S1")));
            }
            FactImport live = store.sharedImporter();
            assertThat(live.customerUpdate(new Facts.Customer("c1", Map.of("owner_staff_id", "S2")))).containsEntry("owner_staff_id", "S2");
            assertThat(live.customerUpdate(new Facts.Customer("c1", Map.of("name", "")))).as("nothing given").isNull();
            live.flush();
            assertThat(live.lastSeqs()).containsEntry("customer_updates", 1L);
            assertThat(store.customerAttributes("c1")).containsEntry("owner_staff_id", "S1");
            assertThat(store.customerUpdatesAfter(store.appliedMarks().get("customer_updates")))
                    .containsExactly(new Facts.Customer("c1", Map.of("owner_staff_id", "S2")));

            store.saveOutcomes(List.of(), Map.of(), Map.of("customer_updates", 1L), Map.of("c1", Map.of("name", "周杰", "owner_staff_id", "S2")));
            assertThat(store.customerAttributes("c1")).containsEntry("owner_staff_id", "S2").containsEntry("name", "周杰");
            assertThat(store.customerUpdatesAfter(store.appliedMarks().get("customer_updates"))).isEmpty();
            assertThat(store.customerAttributes("nobody")).isNull();

            live.customerUpdate(new Facts.Customer("c1", Map.of("name", "周杰伦")));
            live.customerUpdate(new Facts.Customer("c1", Map.of("region", "台北")));
            live.flush();
            store.saveOutcomes(List.of(), Map.of(), Map.of("customer_updates", 3L),
                    Map.of("c1", Map.of("name", "周杰伦", "owner_staff_id", "S2", "region", "台北")));
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(location)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq FROM customer_updates ORDER BY seq")) {
            List<Long> kept = new ArrayList<>();
            while (rs.next()) {
                kept.add(rs.getLong(1));
            }
            assertThat(kept).as("applied updates are pruned but the last, which keeps the numbering past the mark").containsExactly(3L);
        }
        try (Store store = Store.open(location)) {
            FactImport live = store.sharedImporter(); // a restarted server's importer numbers from what is stored
            live.customerUpdate(new Facts.Customer("c1", Map.of("region", "高雄")));
            live.flush();
            assertThat(live.lastSeqs()).containsEntry("customer_updates", 4L);
            assertThat(store.customerUpdatesAfter(store.appliedMarks().get("customer_updates")))
                    .as("owed after a restart: numbered past the mark").containsExactly(new Facts.Customer("c1", Map.of("region", "高雄")));
        }
    }

    /** A sink collecting event ids and taking everything else. */
    private static io.siyu.facts.FactSink eventIds(List<String> into) {
        return new io.siyu.facts.FactSink() {
            public boolean customer(Facts.Customer c) { return true; }
            public boolean identity(Facts.IdentityLink l) { return true; }
            public boolean staff(Facts.Staff s) { return true; }
            public boolean product(Facts.Product p) { return true; }
            public boolean order(Facts.Order o) { return true; }
            public boolean orderItem(Facts.OrderItem i) { return true; }
            public boolean event(Facts.Event e) { return into.add(e.eventId()); }
            public boolean message(Facts.Message m) { return true; }
        };
    }

    /** The migrations only this database gets (db/sqlite, db/postgresql), as "version:true". */
    List<String> ownMigrations() {
        return List.of();
    }

    /** Undoes what the database's own migrations after V11 did, so V12 can be applied again as an upgrade would. */
    void undoOwnMigrationsAfterV11(Statement st) throws Exception {}

    @Test
    void outcomeKeysStoredBeforeV12StartWithTheirOccasionsTimeNow() throws Exception {
        String location = freshLocation();
        try (Store store = Store.open(location)) {
            assertThat(store.outcomes(null, null, null, null)).isEmpty();
        }
        // as an older Siyu left it: keys without the customer in front, V12 not yet applied
        try (Connection c = DriverManager.getConnection(jdbcUrl(location)); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.executeUpdate("INSERT INTO outcomes (outcome_key, seq, kind, playbook, rule_name, customer_id, staff_id, channel, body, "
                    + "state, created_at) VALUES ('c1-leads@1:test_drive_form:0:L1:event:e-1', 1, 'task', 'c1-leads', 'test_drive_form', "
                    + "'L1', 'S7', 'staff', '跟进', 'open', 100)");
            st.executeUpdate("INSERT INTO outcomes (outcome_key, seq, kind, playbook, rule_name, customer_id, channel, body, "
                    + "state, created_at) VALUES ('ops@2:lapsed:0:L10:day:2024-07-01', 2, 'message', 'ops', 'lapsed', "
                    + "'L10', 'log', '好久不见', 'sent', 1719900000)");
            st.executeUpdate("INSERT INTO outcomes (outcome_key, seq, kind, playbook, rule_name, customer_id, channel, body, "
                    + "state, created_at) VALUES ('ops@2:lapsed:0:L1:day:2024-07-01', 3, 'message', 'ops', 'lapsed', "
                    + "'L1', 'log', '好久不见', 'sent', 1719900000)");
            st.execute("ALTER TABLE outcomes DROP COLUMN customer_prev"); // V14
            undoOwnMigrationsAfterV11(st);
            st.execute("DROP TABLE layer_move_batches"); // V13
            st.executeUpdate("DELETE FROM flyway_schema_history WHERE installed_rank > (SELECT installed_rank FROM flyway_schema_history "
                    + "WHERE version = '11')");
        }
        try (Store store = Store.open(location)) {
            // V12 put the customer in front; V14 puts the occasion's minute (a fact's: the outcome's creation, 100 s → 60) and the occasion
            // a day's outcome: that day (2024-07-01 UTC), not the clock when it was made; L10's are not L1's
            assertThat(store.outcomes(null, null, "L1", null)).extracting(OutcomeRow::key)
                    .containsExactly("00000000060:event:e-1:c1-leads@1:test_drive_form:0:L1", "01719792000:day:2024-07-01:ops@2:lapsed:0:L1");
            assertThat(store.outcomes(null, null, "L10", null)).extracting(OutcomeRow::key)
                    .containsExactly("01719792000:day:2024-07-01:ops@2:lapsed:0:L10");
            assertThat(store.updateTaskState("00000000060:event:e-1:c1-leads@1:test_drive_form:0:L1", "done")).isTrue();
        }
        assertThat(history(location)).contains("12:true", "13:true", "14:true").containsAll(ownMigrations());
    }

    private List<String> history(String location) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl(location));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + ":" + rs.getBoolean(2));
            }
        }
        return rows;
    }

    // ------------------------------------------------------------------ models and runs

    @Test
    void modelVersionsAreDeduplicatedByNameAndText() throws Exception {
        try (Store store = Store.open(freshLocation())) {
            String yaml = "name: rfm\ntiers:\n  - 高价值: recency < 30\n";
            long v1 = store.saveModelVersion("rfm", yaml);
            assertThat(store.saveModelVersion("rfm", yaml)).isEqualTo(v1);
            long v2 = store.saveModelVersion("rfm", yaml + "# changed\n");
            long other = store.saveModelVersion("aipl", yaml);
            assertThat(List.of(v1, v2, other)).doesNotHaveDuplicates();
            assertThat(store.saveModelVersion("rfm", yaml + "# changed\n")).isEqualTo(v2);
            assertThat(store.modelText(v1)).contains(yaml);
            assertThat(store.modelText(999)).isEmpty();
            assertThatThrownBy(() -> store.beginRun(999, Instant.EPOCH, Instant.EPOCH))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no model version 999");
        }
    }

    @Test
    void migrationMatrixBetweenTwoRuns() throws Exception {
        try (Store store = Store.open(freshLocation())) {
            long v1 = store.saveModelVersion("rfm", "v: 1");
            long v2 = store.saveModelVersion("rfm", "v: 2");
            Instant asOf1 = Instant.parse("2024-05-01T00:00:00Z");
            Instant asOf2 = Instant.parse("2024-06-01T00:00:00Z");
            long run1 = store.beginRun(v1, asOf1, Instant.parse("2024-05-01T01:02:03Z"));
            long run2 = store.beginRun(v2, asOf2, Instant.parse("2024-06-01T01:02:03Z"));

            List<String> columns = List.of("customer_id", "recency", "tier");
            store.saveProfiles(run1, columns, List.of(
                    new String[] {"c1", "3", "A"}, new String[] {"c2", "5", "A"}, new String[] {"c3", "40", "B"},
                    new String[] {"c4", "90", "C"}, new String[] {"c5", null, null}));
            store.saveProfiles(run2, List.of("recency", "tier"), List.of(
                    new String[] {"c1", "1", "A"}, new String[] {"c2", "33", "B"}, new String[] {"c3", "41", "B"},
                    new String[] {"c4", "200", null}, new String[] {"c6", "2", "A"}));
            store.saveMemberships(run1, "tier", map("c1", "A", "c2", "A", "c3", "B", "c4", "C", "c5", null));
            store.saveMemberships(run2, "tier", map("c1", "B")); // replaced by the next call
            store.saveMemberships(run2, "tier", map("c1", "A", "c2", "B", "c3", "B", "c6", "A"));
            store.saveMemberships(run1, "KOC", map("c1", "KOC"));
            store.saveMemberships(run2, "KOC", map("c1", "KOC", "c6", "KOC"));

            // by hand: c1 A→A, c2 A→B, c3 B→B, c4 C→none, c5 none→none (in run 1, no tier; absent from run 2),
            // c6 none→A (absent from run 1)
            assertThat(store.migration(run1, run2, "tier")).isEqualTo(Map.of(
                    "A", Map.of("A", 1L, "B", 1L),
                    "B", Map.of("B", 1L),
                    "C", Map.of(Store.NONE, 1L),
                    Store.NONE, Map.of(Store.NONE, 1L, "A", 1L)));
            // the tag: c1 stays, c6 gains it, c2..c5 have it in neither run
            assertThat(store.migration(run1, run2, "KOC")).isEqualTo(Map.of(
                    "KOC", Map.of("KOC", 1L),
                    Store.NONE, Map.of("KOC", 1L, Store.NONE, 4L)));
            // reversed direction
            assertThat(store.migration(run2, run1, "tier")).isEqualTo(Map.of(
                    "A", Map.of("A", 1L, Store.NONE, 1L),
                    "B", Map.of("A", 1L, "B", 1L),
                    Store.NONE, Map.of("C", 1L, Store.NONE, 1L)));
            assertThatThrownBy(() -> store.migration(run1, 77, "tier")).hasMessageContaining("no run 77");

            assertThat(store.memberships(run2, "tier")).isEqualTo(map("c1", "A", "c2", "B", "c3", "B", "c6", "A"));
            assertThat(store.memberships(run1, "no-such-layer")).isEmpty();
            assertThat(store.profile(run1, "c3")).contains(map("recency", "40", "tier", "B"));
            assertThat(store.profile(run1, "c5")).contains(map("recency", null, "tier", null));
            assertThat(store.profile(run1, "c6")).isEmpty();
            assertThat(store.profileColumns(run2)).containsExactly("recency", "tier");

            assertThat(store.runs()).containsExactly(
                    new RunInfo(run1, v1, "rfm", asOf1, Instant.parse("2024-05-01T01:02:03Z"), 5),
                    new RunInfo(run2, v2, "rfm", asOf2, Instant.parse("2024-06-01T01:02:03Z"), 5));
            assertThat(store.latestRun("rfm")).map(RunInfo::id).contains(run2);
            assertThat(store.latestRun("aipl")).isEmpty();
            assertThatThrownBy(() -> store.saveProfiles(run1, List.of("a"), List.<String[]>of(new String[] {"c1"})))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected the customer id and 1");
            assertThat(store.profile(run1, "c1")).as("a failed save leaves the old profiles").isPresent();
        }
    }

    // ------------------------------------------------------------------ errors

    @Test
    void unreachableServerGivesAClearMessage() {
        String url = "jdbc:postgresql://127.0.0.1:1/siyu?user=siyu&password=secret";
        assertThatThrownBy(() -> Store.open(url))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot open database 'jdbc:postgresql://127.0.0.1:1/siyu?user=siyu&password=***': "
                        + "connection refused")
                .hasMessageContaining("Check that PostgreSQL is running")
                .hasMessageContaining("?user=..&password=..")
                .hasMessageNotContaining("secret");
    }

    @Test
    void unsupportedLocationsSayWhatIsSupported() {
        assertThatThrownBy(() -> Store.open("jdbc:mysql://localhost/siyu"))
                .isInstanceOf(StoreException.class).hasMessageContaining("unsupported database")
                .hasMessageContaining("jdbc:postgresql://HOST[:PORT]/DB");
        assertThatThrownBy(() -> Store.open("postgres://localhost/siyu"))
                .isInstanceOf(StoreException.class).hasMessageContaining("jdbc:postgresql://HOST[:PORT]/DB");
        assertThatThrownBy(() -> Store.open("jdbc:sqlite::memory:"))
                .isInstanceOf(StoreException.class).hasMessageContaining("in-memory SQLite is not supported");
    }

    @Test
    void outcomes_are_stored_once_per_key_and_tasks_change_state() throws Exception {
        try (Store store = Store.open(freshLocation())) {
            assertThat(store.latestOutcomeTime()).as("nothing stored yet").isEmpty();
            OutcomeRow task = new OutcomeRow("L1:k1", "task", "c1-leads", "test_drive_form", "L1", "S7", "staff",
                    "王伟 提交了试驾表单", null, "open", 100, 1900L);
            OutcomeRow message = new OutcomeRow("A:k2", "message", "c5", "repurchase", "A", null, "log", "快用完了吧？", null,
                    "sent", 200, null);
            OutcomeRow blocked = new OutcomeRow("A:k3", "blocked", "c5", "repurchase", "A", null, "log", null,
                    "quiet hours 21:00–09:00", "blocked", 300, null);
            assertThat(store.saveOutcome(task)).isTrue();
            assertThat(store.saveOutcome(task)).as("a redelivered outcome").isFalse();
            assertThat(store.saveOutcome(message)).isTrue();
            assertThat(store.saveOutcome(blocked)).isTrue();
            assertThat(store.outcomes("task", "S7", null, "open")).containsExactly(task);
            assertThat(store.outcomes(null, null, "A", null)).containsExactly(message, blocked);
            // customers whose ids start like theirs are not among them
            OutcomeRow longerId = new OutcomeRow("A:1:k4", "task", "c1-leads", "test_drive_form", "A:1", "S7", "staff", "跟进", null,
                    "open", 400, 500L);
            OutcomeRow nextId = new OutcomeRow("AB:k5", "task", "c1-leads", "test_drive_form", "AB", "S7", "staff", "跟进", null,
                    "open", 500, 600L);
            assertThat(store.saveOutcomes(List.of(longerId, nextId))).containsExactly(true, true);
            assertThat(store.outcomes(null, null, "A", null)).containsExactly(message, blocked);
            assertThat(store.outcomes(null, null, "A:1", null)).containsExactly(longerId);
            assertThat(store.updateTaskState("L1:k1", "done")).isTrue();
            assertThat(store.updateTaskState("A:k2", "done")).as("messages have no task state").isFalse();
            assertThat(store.outcomes("task", null, null, "done")).extracting(OutcomeRow::key).containsExactly("L1:k1");
            assertThat(store.taskCountsByStaff(0)).as("tasks only: messages and blocked outcomes have no staff member")
                    .isEqualTo(Map.of("S7", Map.of("done", 1, "open", 2)));
            // an open task due before the expiry line reads as expired, in lists and counts alike; done stays done
            assertThat(store.taskCountsByStaff(550)).isEqualTo(Map.of("S7", Map.of("done", 1, "open", 1, "expired", 1)));
            assertThat(store.tasks("S7", "expired", 550)).extracting(OutcomeRow::key, OutcomeRow::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("A:1:k4", "expired"));
            assertThat(store.tasks("S7", "open", 550)).extracting(OutcomeRow::key).containsExactly("AB:k5");
            assertThat(store.tasks("S7", null, 550)).extracting(OutcomeRow::state).containsExactly("done", "expired", "open");
            assertThat(store.tasks("S8", null, 550)).isEmpty();
            assertThat(store.tasks(null, "done", 10_000)).extracting(OutcomeRow::key).containsExactly("L1:k1");
            assertThat(store.updateTaskState("A:1:k4", "expired")).isTrue();
            assertThat(store.tasks("S7", "expired", 0)).as("expired by hand").extracting(OutcomeRow::key).containsExactly("A:1:k4");
            assertThat(store.outcome("AB:k5")).hasValue(nextId);
            assertThat(store.outcome("AB:k6")).isEmpty();
            List<String> contacts = new ArrayList<>();
            store.forEachOutcomeContact(0, (key, customer, channel, at, isBlocked) -> contacts.add(key + "|" + customer + "|" + channel + "|" + at
                    + "|" + isBlocked));
            assertThat(contacts).containsExactlyInAnyOrder("L1:k1|L1|staff|100|false", "A:k2|A|log|200|false", "A:k3|A|log|300|true",
                    "A:1:k4|A:1|staff|400|false", "AB:k5|AB|staff|500|false");
            List<String> recent = new ArrayList<>();
            store.forEachOutcomeContact(300, (key, customer, channel, at, isBlocked) -> recent.add(key));
            assertThat(recent).as("only those stored at or after the given time").containsExactlyInAnyOrder("A:k3", "A:1:k4", "AB:k5");
            assertThat(store.latestOutcomeTime()).hasValue(500);
        }
    }

    @Test
    void a_customers_outcomes_are_all_found_whatever_their_keys_and_around_repeated_keys() throws Exception {
        String location = freshLocation();
        OutcomeRow first = new OutcomeRow("00000000100:p@1:r:0:A:f1", "task", "p", "r", "A", "S1", "staff", "x", null, "open", 100, 200L);
        OutcomeRow other = new OutcomeRow("00000000101:p@1:r:0:B:f2", "message", "p", "r", "B", null, "log", "y", null, "queued", 101, null);
        OutcomeRow second = new OutcomeRow("00000000102:p@1:r:0:A:f3", "message", "p", "r", "A", null, "log", "z", null, "queued", 102, null);
        OutcomeRow third = new OutcomeRow("zz-any-key", "blocked", "p", "r", "A", null, "log", null, "quiet hours", "blocked", 103, null);
        try (Store store = Store.open(location)) {
            assertThat(store.saveOutcomes(List.of(first, other))).containsExactly(true, true);
            // the repeat of `first` in the middle of a batch is not stored; A's outcomes after it still follow `first`
            assertThat(store.saveOutcomes(List.of(second, first, other, third))).containsExactly(true, false, false, true);
            assertThat(store.outcomes(null, null, "A", null)).containsExactly(first, second, third);
            assertThat(store.outcomes(null, null, "B", null)).containsExactly(other);
            assertThat(store.outcomes("message", null, "A", "queued")).containsExactly(second);
            assertThat(store.outcomes(null, null, "C", null)).isEmpty();
            assertThat(store.tasks("S1", null, 0)).containsExactly(first);
        }
        try (Store store = Store.open(location)) { // found again from the stored rows alone
            assertThat(store.tasks("S1", "open", 0)).containsExactly(first);
            assertThat(store.outcomes(null, null, "A", null)).containsExactly(first, second, third);
            OutcomeRow fourth = new OutcomeRow("00000000104:p@1:r:0:A:f4", "task", "p", "r", "A", "S1", "staff", "w", null, "open", 104, 300L);
            assertThat(store.saveOutcome(fourth)).isTrue();
            assertThat(store.outcomes(null, null, "A", null)).containsExactly(first, second, third, fourth);
            assertThat(store.transferCustomers("S1", "S2", List.of("A"), 500)).isEqualTo(1);
            assertThat(store.outcomes("task", "S2", "A", "open")).extracting(OutcomeRow::key)
                    .containsExactly(first.key(), fourth.key());
            // a staff member's list follows the transfer
            OutcomeRow fifth = new OutcomeRow("00000000105:p@1:r:0:B:f5", "task", "p", "r", "B", "S2", "staff", "v", null, "open", 105, 400L);
            assertThat(store.saveOutcome(fifth)).isTrue();
            assertThat(store.tasks("S2", null, 0)).extracting(OutcomeRow::key).containsExactly(first.key(), fourth.key(), fifth.key());
            assertThat(store.outcomes("task", "S2", null, null)).extracting(OutcomeRow::key)
                    .containsExactly(first.key(), fourth.key(), fifth.key());
            assertThat(store.tasks("S1", null, 0)).isEmpty();
            // written and then rolled back: not on anyone's list
            store.writeOutcomes(List.of(new OutcomeRow("00000000106:p@1:r:0:B:f6", "task", "p", "r", "B", "S2", "staff", "u", null,
                    "open", 106, 500L)), Map.of(), Map.of(), Map.of());
            store.discardUncommitted();
            assertThat(store.tasks("S2", null, 0)).extracting(OutcomeRow::key).containsExactly(first.key(), fourth.key(), fifth.key());
            // the next outcome takes the number the rolled-back one had: it is on its own staff member's list only
            OutcomeRow sixth = new OutcomeRow("00000000107:p@1:r:0:B:f7", "task", "p", "r", "B", "S3", "staff", "t", null, "open", 107, 600L);
            assertThat(store.saveOutcome(sixth)).isTrue();
            assertThat(store.tasks("S3", null, 0)).containsExactly(sixth);
            assertThat(store.tasks("S2", null, 0)).extracting(OutcomeRow::key).containsExactly(first.key(), fourth.key(), fifth.key());
        }
        try (Store store = Store.open(location)) {
            assertThat(store.tasks("S2", "open", 0)).extracting(OutcomeRow::key)
                    .containsExactly(first.key(), "00000000104:p@1:r:0:A:f4", "00000000105:p@1:r:0:B:f5");
            assertThat(store.tasks("S1", null, 0)).isEmpty();
            assertThat(store.tasks("S3", null, 0)).extracting(OutcomeRow::key).containsExactly("00000000107:p@1:r:0:B:f7");
            assertThat(store.taskCountsByStaff(0)).isEqualTo(Map.of("S2", Map.of("open", 3), "S3", Map.of("open", 1)));
        }
    }

    @Test
    void task_and_message_lists_are_read_a_page_at_a_time_across_the_chunks_they_are_read_in() throws Exception {
        List<OutcomeRow> rows = new ArrayList<>();
        List<String> s1Done = new ArrayList<>();
        List<String> aMessages = new ArrayList<>();
        List<String> allMessages = new ArrayList<>();
        for (int i = 0; i < 1_300; i++) { // past the 500 sequence numbers a staff member's or customer's rows are read by
            String customer = i % 3 == 0 ? "B" : "A";
            String key = String.format("%011d:p@1:r:0:%s:f%d", 1000 + i, customer, i);
            if (i % 2 == 0) {
                String state = i % 4 == 0 ? "done" : "open";
                rows.add(new OutcomeRow(key, "task", "p", "r", customer, "S1", "staff", "t", null, state, 1000 + i, 90_000L));
                if (state.equals("done")) {
                    s1Done.add(key);
                }
            } else {
                rows.add(new OutcomeRow(key, "message", "p", "r", customer, null, "log", "m", null, "queued", 1000 + i, null));
                allMessages.add(key);
                if (customer.equals("A")) {
                    aMessages.add(key);
                }
            }
        }
        try (Store store = Store.open(freshLocation())) {
            store.saveOutcomes(rows);
            assertThat(store.tasks("S1", "done", 0, new Page(0, 10))).extracting(OutcomeRow::key).isEqualTo(s1Done.subList(0, 10));
            assertThat(store.tasks("S1", "done", 0, new Page(300, 25))).extracting(OutcomeRow::key).isEqualTo(s1Done.subList(300, 325));
            assertThat(store.tasks("S1", "done", 0, new Page(320, 100))).as("the last page holds what is left")
                    .extracting(OutcomeRow::key).isEqualTo(s1Done.subList(320, s1Done.size()));
            assertThat(store.tasks("S1", "done", 0, new Page(s1Done.size(), 5))).isEmpty();
            assertThat(store.tasks(null, "done", 0, new Page(250, 10))).as("everyone's").extracting(OutcomeRow::key)
                    .isEqualTo(s1Done.subList(250, 260));
            assertThat(store.messages("A", new Page(400, 20))).extracting(OutcomeRow::key).isEqualTo(aMessages.subList(400, 420));
            assertThat(store.messages(null, new Page(600, 50))).extracting(OutcomeRow::key)
                    .isEqualTo(allMessages.subList(600, allMessages.size()));
            assertThat(store.messages("A", Page.ALL)).extracting(OutcomeRow::key).isEqualTo(aMessages);
        }
    }

    @Test
    void a_delivery_pass_larger_than_one_commit_marks_every_outcome_sent() throws Exception {
        try (Store store = Store.open(freshLocation())) {
            List<OutcomeRow> queued = new ArrayList<>();
            for (int i = 0; i < Store.DELIVERED_PER_COMMIT * 2 + 50; i++) {
                queued.add(new OutcomeRow("C" + i + ":m", "message", "c6", "remind", "C" + i, null, "log", "快用完了吧？", null, "queued", 100, null));
            }
            store.saveOutcomes(queued);
            List<String> due = store.queuedDeliveries(200, 1_000).stream().map(OutcomeRow::key).toList();
            assertThat(due).hasSize(queued.size());
            store.markDelivered(due, 150);
            assertThat(store.queuedDeliveries(10_000, 1_000)).isEmpty();
            assertThat(store.outcomes("message", null, null, "sent")).hasSize(queued.size())
                    .allSatisfy(o -> assertThat(o.deliveredAt()).isEqualTo(150L));
        }
    }

    @Test
    void queued_deliveries_are_retried_when_due_then_sent_or_failed() throws Exception {
        try (Store store = Store.open(freshLocation())) {
            store.saveOutcomes(List.of(
                    new OutcomeRow("A:m1", "message", "c6", "remind", "A", null, "wecom", "快用完了吧？", null, "queued", 100, null),
                    new OutcomeRow("B:i1", "invite", "c1", "fans", "B", null, "wecom", "邀请您加入", null, "queued", 110, null, "SUV 车友粉丝群"),
                    new OutcomeRow("B:t1", "task", "c1", "form", "B", "S7", "staff", "call", null, "open", 120, 200L)));
            assertThat(store.queuedDeliveries(99, 10)).as("not before it was created").isEmpty();
            assertThat(store.queuedDeliveries(200, 10)).extracting(OutcomeRow::key).containsExactly("A:m1", "B:i1");
            assertThat(store.queuedDeliveries(200, 10).get(1).detail()).isEqualTo("SUV 车友粉丝群");

            store.markAttemptFailed("A:m1", "gateway answered HTTP 503", 300L);
            assertThat(store.queuedDeliveries(299, 10)).extracting(OutcomeRow::key).containsExactly("B:i1");
            store.markDelivered("B:i1", 205);
            OutcomeRow retried = store.queuedDeliveries(300, 10).get(0);
            assertThat(retried.key()).isEqualTo("A:m1");
            assertThat(retried.attempts()).isEqualTo(1);
            assertThat(retried.lastError()).isEqualTo("gateway answered HTTP 503");
            store.markAttemptFailed("A:m1", "gateway answered HTTP 500", null);
            assertThat(store.queuedDeliveries(10_000, 10)).isEmpty();
            assertThat(store.outcomes(null, null, null, "failed")).extracting(OutcomeRow::key, OutcomeRow::attempts)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("A:m1", 2));
            assertThat(store.outcomes("invite", null, null, "sent")).singleElement()
                    .satisfies(o -> assertThat(o.deliveredAt()).isEqualTo(205L));

            assertThat(store.layerSnapshot("rfm-8")).isEmpty();
            store.appendLayerMoves("rfm-8", List.<String[]>of(new String[] {"c1", "rfm_class", "重要价值客户"}));
            store.saveLayerSnapshot("rfm-8", 100, 101, new byte[] {1, 2, 3});
            assertThat(store.layerMoves("rfm-8")).as("a new snapshot forgets the moves before it").isEmpty();
            store.appendLayerMoves("rfm-8", List.of(new String[] {"c1", "rfm_class", "重要保持客户"},
                    new String[] {"c2", "win_back", "true"}));
            store.appendLayerMoves("lifecycle", List.<String[]>of(new String[] {"c1", "lifecycle_stage", "active"}));
            assertThat(store.layerMoves("rfm-8")).extracting(m -> String.join("|", m))
                    .containsExactly("c1|rfm_class|重要保持客户", "c2|win_back|true");
            store.saveLayerSnapshot("rfm-8", 200, 201, new byte[] {4, 5});
            assertThat(store.layerSnapshot("rfm-8")).hasValueSatisfying(b -> assertThat(b).containsExactly(4, 5));
            assertThat(store.layerMoves("lifecycle")).hasSize(1);
            // a request's outcomes and its moves: one transaction
            OutcomeRow withMoves = new OutcomeRow("c9:k-moves", "task", "c1-leads", "became_s", "c9", "S7", "staff",
                    "跟进", null, "open", 300, 400L);
            assertThat(store.saveOutcomes(List.of(withMoves), Map.of("lifecycle",
                    List.<String[]>of(new String[] {"c9", "lifecycle_stage", "new"})))).containsExactly(true);
            assertThat(store.layerMoves("lifecycle")).extracting(m -> m[0]).containsExactly("c1", "c9");
            assertThat(store.saveOutcomes(List.of(), Map.of("rfm-8", List.<String[]>of(new String[] {"c9", "win_back", "false"}))))
                    .as("moves without outcomes are stored too").isEmpty();
            assertThat(store.layerMoves("rfm-8")).extracting(m -> m[0]).containsExactly("c9");

            assertThat(store.saveOutcomes(List.of(), Map.of("rfm-8", List.of(new String[] {"c\"7", "note", "line1\nline2\t{}[],:"},
                    new String[] {"c8", "stage", "储值500"})))).isEmpty();
            assertThat(store.layerMoves("rfm-8")).as("a group's moves are one stored row, read back in order, text as given")
                    .extracting(m -> String.join("|", m))
                    .containsExactly("c9|win_back|false", "c\"7|note|line1\nline2\t{}[],:", "c8|stage|储值500");

            assertThat(store.scheduleMark("c1|weekly")).isEmpty();
            store.saveScheduleMark("c1|weekly", 1000);
            store.saveScheduleMark("c1|weekly", 2000);
            assertThat(store.scheduleMark("c1|weekly")).contains(2000L);
        }
    }

    @Test
    void layer_moves_recorded_one_per_row_before_batches_are_read_first_and_go_with_the_next_snapshot() throws Exception {
        String location = freshLocation();
        try (Store store = Store.open(location)) {
            store.appendLayerMoves("lifecycle", List.<String[]>of(new String[] {"c1", "lifecycle_stage", "active"}));
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(location)); Statement st = c.createStatement()) {
            // as a version before V13 recorded them, after the batch above only to show the order is by table, not number
            st.executeUpdate("INSERT INTO layer_moves (seq, model, customer_id, layer, value) VALUES "
                    + "(1, 'lifecycle', 'c0', 'lifecycle_stage', 'new'), (2, 'lifecycle', 'c0', 'lifecycle_stage', 'silent')");
        }
        try (Store store = Store.open(location)) {
            store.appendLayerMoves("lifecycle", List.<String[]>of(new String[] {"c2", "lifecycle_stage", "churned"}));
            assertThat(store.layerMoves("lifecycle")).extracting(m -> m[0] + ":" + m[2])
                    .containsExactly("c0:new", "c0:silent", "c1:active", "c2:churned");
            store.saveLayerSnapshot("lifecycle", 100, 101, new byte[] {1});
            assertThat(store.layerMoves("lifecycle")).as("the snapshot holds them all").isEmpty();
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(location)); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO layer_move_batches (seq, model, moves) VALUES (99, 'lifecycle', '[[\"c1\", \"stage\"]]')");
        }
        try (Store store = Store.open(location)) {
            assertThatThrownBy(() -> store.layerMoves("lifecycle")).isInstanceOf(StoreException.class)
                    .hasMessageContaining("layer_move_batches row seq 99 (model 'lifecycle')")
                    .hasMessageContaining("2 values where three were written").hasMessageContaining("Restore the database");
        }
    }

    @Test
    void transfers_keep_history_hand_over_open_tasks_and_follow_ups_keep_the_latest() throws Exception {
        try (Store store = Store.open(freshLocation())) {
            store.saveOutcome(new OutcomeRow("A:t1", "task", "p", "r", "A", "S1", "staff", "call", null, "open", 1, 2L));
            store.saveOutcome(new OutcomeRow("B:t2", "task", "p", "r", "B", "S1", "staff", "call", null, "done", 1, 2L));
            assertThat(store.transferCustomers("S1", "S2", List.of("A", "B"), 100)).isEqualTo(2);
            store.transferCustomers("S2", "S3", List.of("B"), 200);
            assertThat(store.transferredOwners()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("A", "S2", "B", "S3"));
            assertThat(store.outcomes("task", "S2", null, "open")).extracting(OutcomeRow::key).containsExactly("A:t1");
            assertThat(store.outcomes("task", "S1", null, "done")).as("closed tasks keep their history").hasSize(1);
            store.setFollowUp("A", "following", "S2", 300);
            store.setFollowUp("A", "won", "S2", 400);
            assertThat(store.followUps()).containsEntry("A", "won");
        }
    }
}
