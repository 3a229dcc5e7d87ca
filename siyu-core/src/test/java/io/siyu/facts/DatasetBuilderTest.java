package io.siyu.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siyu.identity.IdentityConflict;
import io.siyu.identity.IdentityOptions;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DatasetBuilderTest {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final long T0 = 1714492800L; // 2024-05-01T00:00+08:00

    static PersonRef ref(IdentityKind kind, String value) {
        return new PersonRef(kind, value);
    }

    static Facts.Order order(String id, PersonRef who, double amount) {
        return new Facts.Order(id, who, T0, amount, "paid", null, null, null);
    }

    @Test
    void memberOrderWeComEventAndIdentityRowLandOnOneCustomer() {
        DatasetBuilder b = new DatasetBuilder(ZONE, IdentityOptions.DEFAULT);
        assertThat(b.order(order("o1", ref(IdentityKind.MEMBER_ID, "m1"), 99))).isTrue();
        assertThat(b.event(new Facts.Event("e1", ref(IdentityKind.EXTERNAL_USERID, "wx1"), T0 + 60, "moments_click",
                Map.of("article", "a7")))).isTrue();
        assertThat(b.identity(new Facts.IdentityLink(List.of(ref(IdentityKind.UNIONID, "oU1"),
                ref(IdentityKind.MEMBER_ID, "m1"), ref(IdentityKind.EXTERNAL_USERID, "wx1")), "crm"))).isTrue();
        // someone else, known by customer_id and phone
        b.customer(new Facts.Customer("c5", Map.of("name", "Li")));
        b.identity(new Facts.IdentityLink(List.of(PersonRef.customer("c5"), ref(IdentityKind.PHONE, "138")), "c"));
        b.message(new Facts.Message(null, ref(IdentityKind.PHONE, "138"), T0, "快吃完了", "in", "private", null, null));

        Dataset ds = b.build();
        Customers cs = ds.customers();
        assertThat(cs.size()).isEqualTo(2);
        assertThat(cs.id(0)).isEqualTo("c5");
        assertThat(cs.id(1)).isEqualTo("unionid:oU1");
        assertThat(cs.identities(1)).containsExactly(ref(IdentityKind.UNIONID, "oU1"), ref(IdentityKind.MEMBER_ID, "m1"),
                ref(IdentityKind.EXTERNAL_USERID, "wx1"));
        assertThat(cs.identities(0)).containsExactly(PersonRef.customer("c5"), ref(IdentityKind.PHONE, "138"));
        FactTable orders = ds.table("orders");
        assertThat(orders.customers()[0]).isEqualTo(1);
        FactTable events = ds.table("events");
        assertThat(events.customers()[0]).isEqualTo(1);
        assertThat(events.column("article").format(0)).isEqualTo("a7");
        assertThat(ds.table("messages").customers()[0]).isEqualTo(0);
        assertThat(ds.table("messages").ids().get(0)).isEqualTo("#0");
        assertThat(((StringColumn) cs.attribute("name")).get(0)).isEqualTo("Li");
        assertThat(cs.attribute("name").isNull(1)).isTrue();
        assertThat(b.conflicts()).isEmpty();
        assertThatThrownBy(() -> b.order(order("o9", PersonRef.customer("x"), 1)))
                .isInstanceOf(IllegalStateException.class);
    }

    private static void phoneSharedByTwoUnionIds(FactSink b) {
        b.identity(new Facts.IdentityLink(List.of(ref(IdentityKind.UNIONID, "oA"), ref(IdentityKind.PHONE, "139")), "s"));
        b.identity(new Facts.IdentityLink(List.of(ref(IdentityKind.UNIONID, "oB"), ref(IdentityKind.PHONE, "139")), "s"));
        b.order(order("o1", ref(IdentityKind.UNIONID, "oA"), 10));
        b.order(order("o2", ref(IdentityKind.UNIONID, "oB"), 20));
    }

    @Test
    void phoneClaimedByTwoUnionIdsIsReportedOrRefused() {
        DatasetBuilder merge = new DatasetBuilder(ZONE, IdentityOptions.DEFAULT);
        phoneSharedByTwoUnionIds(merge);
        Dataset merged = merge.build();
        assertThat(merged.customers().size()).isEqualTo(1);
        assertThat(merge.conflicts()).extracting(IdentityConflict::type)
                .containsExactly(IdentityConflict.Type.SEVERAL_UNIONIDS);
        assertThat(merge.issues()).singleElement().asString().startsWith("customer unionid:oA holds 2 different UnionIDs");

        DatasetBuilder forbid = new DatasetBuilder(ZONE, new IdentityOptions(true));
        phoneSharedByTwoUnionIds(forbid);
        Dataset split = forbid.build();
        assertThat(split.customers().size()).isEqualTo(2);
        assertThat(split.customers().id(0)).isEqualTo("unionid:oA");
        assertThat(split.customers().id(1)).isEqualTo("unionid:oB");
        assertThat(split.table("orders").rowsOf(1)).containsExactly(1);
        assertThat(forbid.conflicts()).extracting(IdentityConflict::type)
                .containsExactly(IdentityConflict.Type.MERGE_REFUSED);
    }

    @Test
    void oneReadThroughATeeFillsDataSetsThatUnifyDifferently() {
        DatasetBuilder merge = new DatasetBuilder(ZONE, IdentityOptions.DEFAULT);
        DatasetBuilder forbid = new DatasetBuilder(ZONE, new IdentityOptions(true));
        phoneSharedByTwoUnionIds(new TeeSink(List.of(merge, forbid)));
        assertThat(merge.build().customers().size()).isEqualTo(1);
        Dataset split = forbid.build();
        assertThat(split.customers().size()).isEqualTo(2);
        assertThat(split.table("orders").rowsOf(1)).containsExactly(1);
        assertThat(TeeSink.of(List.of(merge))).isSameAs(merge);
    }

    @Test
    void everyIdentifierOfACustomerIsKeptPackedAndLinksAddMore() {
        DatasetBuilder b = new DatasetBuilder(ZONE, IdentityOptions.DEFAULT);
        b.customer(new Facts.Customer("c1", Map.of()));
        b.customer(new Facts.Customer("c2", Map.of()));
        b.identity(new Facts.IdentityLink(List.of(PersonRef.customer("c2"), ref(IdentityKind.PHONE, "13800000000"),
                ref(IdentityKind.EXTERNAL_USERID, "微信用户-7")), "crm"));
        Customers customers = b.build().customers();
        assertThat(customers.identities(0)).containsExactly(PersonRef.customer("c1"));
        assertThat(customers.identities(1)).containsExactly(PersonRef.customer("c2"), ref(IdentityKind.PHONE, "13800000000"),
                ref(IdentityKind.EXTERNAL_USERID, "微信用户-7"));

        int c3 = customers.append("c3", Map.of(), List.of(PersonRef.customer("c3"), ref(IdentityKind.UNIONID, "oU3")), ZONE);
        assertThat(customers.identities(c3)).containsExactly(PersonRef.customer("c3"), ref(IdentityKind.UNIONID, "oU3"));
        customers.addIdentities(0, List.of(ref(IdentityKind.PHONE, "139")));
        assertThat(customers.identities(0)).containsExactly(PersonRef.customer("c1"), ref(IdentityKind.PHONE, "139"));
        assertThat(customers.identities(1)).hasSize(3);
    }

    @Test
    void onlyTheEventPropertiesAskedForAreLoaded() {
        DatasetBuilder b = new DatasetBuilder(ZONE, IdentityOptions.DEFAULT).keepOnlyEventProperties(java.util.Set.of("grade"));
        b.event(new Facts.Event("e1", PersonRef.customer("c1"), 100, "lead_graded", Map.of("grade", "A", "article_id", "x")));
        b.event(new Facts.Event("e2", PersonRef.customer("c1"), 200, "article_read", Map.of("article_id", "y")));
        FactTable events = b.build().table("events");
        assertThat(events.columns().keySet()).containsExactlyInAnyOrder("type", "grade");
        assertThat(events.column("grade").format(0)).isEqualTo("A");
        assertThat(events.column("grade").isNull(1)).isTrue();
    }

    @Test
    void tablesNotKeptHoldNoRowsYetTheirPeopleAreCustomersAllTheSame() {
        Consumer<DatasetBuilder> feed = b -> {
            b.customer(new Facts.Customer("c1", Map.of()));
            b.order(order("o1", PersonRef.customer("c1"), 10));
            b.message(new Facts.Message("m1", PersonRef.customer("c1"), T0, "快吃完了", "in", null, null, null));
            b.message(new Facts.Message("m2", ref(IdentityKind.EXTERNAL_USERID, "wx9"), T0, "在吗", "in", null, null, null));
            b.event(new Facts.Event("e1", PersonRef.customer("c1"), T0, "scan_qr", Map.of()));
        };
        DatasetBuilder all = new DatasetBuilder(ZONE, IdentityOptions.DEFAULT);
        DatasetBuilder some = new DatasetBuilder(ZONE, IdentityOptions.DEFAULT).keepOnlyTables(java.util.Set.of("events")); // orders are kept whatever the set says
        feed.accept(all);
        feed.accept(some);
        Dataset full = all.build();
        Dataset kept = some.build();
        assertThat(kept.table("messages").size()).isZero();
        assertThat(full.table("messages").size()).isEqualTo(2);
        assertThat(kept.table("events").size()).isEqualTo(1);
        assertThat(kept.table("orders").size()).isEqualTo(1);
        assertThat(kept.customers().size()).as("the one known from a message only is a customer too").isEqualTo(2);
        for (int c = 0; c < full.customers().size(); c++) {
            assertThat(kept.customers().id(c)).isEqualTo(full.customers().id(c));
            assertThat(kept.customers().identities(c)).isEqualTo(full.customers().identities(c));
        }
        assertThat(kept.table("messages").columns().keySet()).as("the columns are there for rows added later")
                .isEqualTo(full.table("messages").columns().keySet());
    }

    @Test
    void repeatsAreAppliedOnce() {
        DatasetBuilder b = new DatasetBuilder(ZONE);
        assertThat(b.customer(new Facts.Customer("c1", Map.of("level", "1")))).isTrue();
        assertThat(b.customer(new Facts.Customer("c1", Map.of("level", "2")))).isFalse();
        assertThat(b.order(order("o1", PersonRef.customer("c1"), 5))).isTrue();
        assertThat(b.order(order("o1", PersonRef.customer("c1"), 7))).isFalse();
        Facts.Event e = new Facts.Event("e1", PersonRef.customer("c1"), T0, "view", Map.of());
        assertThat(b.event(e)).isTrue();
        assertThat(b.event(e)).isFalse();
        Facts.Event noId = new Facts.Event(null, PersonRef.customer("c1"), T0, "view", Map.of());
        assertThat(b.event(noId)).isTrue();
        assertThat(b.event(noId)).isTrue();
        Facts.Message m = new Facts.Message("m1", PersonRef.customer("c1"), T0, "hi", null, null, null, null);
        assertThat(b.message(m)).isTrue();
        assertThat(b.message(m)).isFalse();
        assertThat(b.staff(new Facts.Staff("s1", "Wang", null, null, true))).isTrue();
        assertThat(b.staff(new Facts.Staff("s1", "Other", null, null, true))).isFalse();
        assertThat(b.product(new Facts.Product("A", "x", null, 1, 30))).isTrue();
        assertThat(b.product(new Facts.Product("A", "y", null, 2, 60))).isFalse();
        Dataset ds = b.build();
        assertThat(ds.table("orders").size()).isEqualTo(1);
        assertThat(((NumberColumn) ds.table("orders").column("amount")).get(0)).isEqualTo(5);
        assertThat(ds.table("events").size()).isEqualTo(3);
        assertThat(ds.table("messages").size()).isEqualTo(1);
        assertThat(ds.staff()).extracting(Facts.Staff::name).containsExactly("Wang");
        assertThat(ds.products()).extracting(Facts.Product::name).containsExactly("x");
        assertThat(((NumberColumn) ds.customers().attribute("level")).get(0)).isEqualTo(1);
    }

    @Test
    void attributeTypesAreInferredAndFactOnlyCustomersExist() {
        DatasetBuilder b = new DatasetBuilder(ZONE);
        b.customer(new Facts.Customer("c1", Map.of("registered_at", "2023-01-05T10:00:00", "birthday", "1990-02-03",
                "member_level", "3", "zip", "007", "spend", "12.5")));
        b.customer(new Facts.Customer("c2", Map.of("registered_at", "2024-05-01", "member_level", "10",
                "zip", "200000", "spend", "-4")));
        b.order(order("o1", PersonRef.customer("c3"), 1));
        Dataset ds = b.build();
        Customers cs = ds.customers();
        assertThat(cs.size()).isEqualTo(3);
        assertThat(cs.id(2)).isEqualTo("c3");
        assertThat(cs.attribute("registered_at").type()).isEqualTo(ColumnType.TIME);
        assertThat(cs.attribute("birthday").type()).isEqualTo(ColumnType.TIME);
        assertThat(cs.attribute("member_level").type()).isEqualTo(ColumnType.NUMBER);
        assertThat(cs.attribute("spend").type()).isEqualTo(ColumnType.NUMBER);
        assertThat(cs.attribute("zip").type()).isEqualTo(ColumnType.STRING);
        TimeColumn reg = (TimeColumn) cs.attribute("registered_at");
        assertThat(reg.get(0)).isEqualTo(1672884000L); // 2023-01-05T02:00Z
        assertThat(reg.get(1)).isEqualTo(T0);
        assertThat(reg.isNull(2)).isTrue();
        assertThat(((NumberColumn) cs.attribute("member_level")).get(1)).isEqualTo(10);
        assertThat(cs.attribute("birthday").isNull(1)).isTrue();
        assertThat(cs.attribute("zip").format(0)).isEqualTo("007");
    }

    @Test
    void itemsJoinTheirOrderWhateverTheArrivalOrderAndOrphansAreCounted() {
        DatasetBuilder b = new DatasetBuilder(ZONE);
        b.orderItem(new Facts.OrderItem("o1", "A", 2, 49.5)); // before its order
        b.orderItem(new Facts.OrderItem("ghost", "A", 1, 1));
        b.order(new Facts.Order("o1", PersonRef.customer("c1"), T0 + 5, 99, "paid", "s1", "mini", "T3"));
        b.orderItem(new Facts.OrderItem("o1", "B", 1, Double.NaN));
        b.product(new Facts.Product("A", "Cream", "skin", 49.5, 30));
        Dataset ds = b.build();
        FactTable items = ds.table("order_items");
        assertThat(items.size()).isEqualTo(2);
        assertThat(items.columns().keySet()).containsExactly("sku", "category", "quantity", "unit_price", "cycle_days");
        assertThat(items.times()[0]).isEqualTo(T0 + 5);
        assertThat(items.times()[1]).isEqualTo(T0 + 5);
        // row 0 is the item that arrived with its order (B), row 1 the one that waited (A)
        assertThat(items.column("sku").format(1)).isEqualTo("A");
        assertThat(items.column("category").format(1)).isEqualTo("skin");
        assertThat(((NumberColumn) items.column("cycle_days")).get(1)).isEqualTo(30);
        assertThat(items.column("category").isNull(0)).isTrue();
        assertThat(b.orphanedItems()).isEqualTo(1);
        assertThat(b.issues()).containsExactly("1 order item refer to an order that was not loaded (e.g. order_id ghost);"
                + " they were left out — load the orders or fix the order_id");
        assertThat(ds.table("orders").column("table_id").format(0)).isEqualTo("T3");
    }

    // ---- shuffling the input changes nothing ----

    /** Random facts over a small pool of references, so that links chain and collide. */
    static List<Consumer<DatasetBuilder>> randomFacts(long seed) {
        Random rnd = new Random(seed);
        IdentityKind[] kinds = IdentityKind.values();
        List<PersonRef> pool = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            pool.add(ref(kinds[rnd.nextInt(kinds.length)], "v" + rnd.nextInt(20)));
        }
        List<Consumer<DatasetBuilder>> facts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = "c" + rnd.nextInt(15);
            facts.add(b -> b.customer(new Facts.Customer(id, Map.of())));
        }
        for (int i = 0; i < 12; i++) {
            List<PersonRef> refs = List.of(pool.get(rnd.nextInt(pool.size())), pool.get(rnd.nextInt(pool.size())),
                    pool.get(rnd.nextInt(pool.size())));
            facts.add(b -> b.identity(new Facts.IdentityLink(refs, "t")));
        }
        for (int i = 0; i < 60; i++) {
            // unique order ids: a repeated id with another person would make "first wins" order-dependent
            Facts.Order o = order("o" + i, pool.get(rnd.nextInt(pool.size())), 1);
            facts.add(b -> b.order(o));
        }
        return facts;
    }

    static Map<String, Integer> ordersPerSurvivor(List<Consumer<DatasetBuilder>> facts) {
        DatasetBuilder b = new DatasetBuilder(ZONE);
        facts.forEach(f -> f.accept(b));
        Dataset ds = b.build();
        Map<String, Integer> out = new TreeMap<>();
        for (int c = 0; c < ds.customers().size(); c++) {
            out.put(ds.customers().id(c), 0);
        }
        FactTable orders = ds.table("orders");
        for (int r = 0; r < orders.size(); r++) {
            String who = ds.customers().id(orders.customers()[r]);
            out.merge(who, 1, Integer::sum);
        }
        return out;
    }

    /** Property over 200 seeded random fact sets: input order never changes who is who. */
    @Test
    void shufflingTheInputGivesTheSameCustomers() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261124);
        for (int trial = 0; trial < 200; trial++) {
            int seed = random.nextInt(1_000_001);
            long shuffleSeed = random.nextLong();
            List<Consumer<DatasetBuilder>> facts = randomFacts(seed);
            Map<String, Integer> expected = ordersPerSurvivor(facts);
            List<Consumer<DatasetBuilder>> shuffled = new ArrayList<>(facts);
            Collections.shuffle(shuffled, new Random(shuffleSeed));
            assertThat(ordersPerSurvivor(shuffled)).as("seed %d, shuffle %d", seed, shuffleSeed).isEqualTo(expected);
        }
    }
}
