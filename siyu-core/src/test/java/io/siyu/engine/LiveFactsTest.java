package io.siyu.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.siyu.facts.DatasetBuilder;
import io.siyu.facts.FactTable;
import io.siyu.facts.Facts;
import io.siyu.facts.NumberColumn;
import io.siyu.facts.PersonRef;
import io.siyu.identity.IdentityOptions;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveFactsTest {
    private static final long DAY = 86_400;
    private static final long T0 = ModelFixture.endOf("2024-06-01").getEpochSecond();

    private static LiveFacts loaded() {
        DatasetBuilder builder = new DatasetBuilder(ModelFixture.SHANGHAI, IdentityOptions.DEFAULT);
        builder.customer(new Facts.Customer("A", Map.of()));
        builder.customer(new Facts.Customer("B", Map.of()));
        builder.order(order("1", "A", T0, 10));
        builder.order(order("2", "A", T0 + DAY, 20));
        builder.order(order("9", "B", T0, 90));
        return new LiveFacts(builder.build(), ModelFixture.SHANGHAI);
    }

    private static Facts.Order order(String id, String customer, long at, double amount) {
        return new Facts.Order(id, PersonRef.customer(customer), at, amount, "paid", null, null, null);
    }

    private static double[] amounts(FactTable table, int[] rows) {
        NumberColumn amount = (NumberColumn) table.column("amount");
        return Arrays.stream(rows).mapToDouble(amount::get).toArray();
    }

    @Test
    void aFactGoesToTheDaysRowsAndCopiesNothingUntilAllTheCustomersRowsAreRead() {
        LiveFacts facts = loaded();
        int a = facts.add(order("3", "A", T0 + 2 * DAY, 30)).customer();

        assertThat(facts.hasOwnTable(a, "orders")).as("no copy of A's loaded orders for one fact").isFalse();
        int row = facts.lastRow(a, "orders");
        assertThat(((NumberColumn) facts.lastAdded().column("amount")).get(row)).isEqualTo(30);
        assertThat(facts.lastAdded().customers()[row]).as("the day's rows keep the real customer index").isEqualTo(a);
        assertThat(facts.customersWithOwnFacts()).containsExactly(a);

        FactTable own = facts.table(a, "orders"); // an engine reading all of A's orders
        assertThat(amounts(own, new int[] {0, 1, 2})).containsExactly(10, 20, 30);
        assertThat(own.customers()).startsWith(0, 0, 0);
        assertThat(facts.hasOwnTable(a, "orders")).isTrue();

        facts.add(order("4", "A", T0 + 3 * DAY, 40));
        assertThat(facts.table(a, "orders").size()).as("a later fact reaches the own table too").isEqualTo(4);
        assertThat(((NumberColumn) facts.lastAdded().column("amount")).get(facts.lastRow(a, "orders"))).isEqualTo(40);
    }

    @Test
    void midnightFoldsTheDaysRowsOfCustomersWithAndWithoutOwnTables() {
        LiveFacts facts = loaded();
        int a = facts.add(order("3", "A", T0 + 2 * DAY, 30)).customer();
        facts.table(a, "orders");
        facts.add(order("4", "A", T0 + 3 * DAY, 40));
        int b = facts.add(order("5", "B", T0 + 2 * DAY, 50)).customer(); // B: day rows only

        facts.compact();

        FactTable orders = facts.data().table("orders");
        assertThat(amounts(orders, orders.rowsOf(a))).containsExactly(10, 20, 30, 40);
        assertThat(amounts(orders, orders.rowsOf(b))).containsExactly(90, 50);
        assertThat(facts.customersWithOwnFacts()).isEmpty();
        assertThat(facts.hasOwnTable(a, "orders")).isFalse();
        int c = facts.add(order("6", "B", T0 + 4 * DAY, 60)).customer();
        assertThat(amounts(facts.table(c, "orders"), new int[] {0, 1, 2})).as("after folding, the day starts afresh").containsExactly(90, 50, 60);
    }

    private static LiveFacts withUnionIds(boolean unionIdsApart, io.siyu.identity.KeyIndex keys) {
        DatasetBuilder builder = new DatasetBuilder(ModelFixture.SHANGHAI, new IdentityOptions(unionIdsApart));
        builder.customer(new Facts.Customer("A", Map.of()));
        builder.customer(new Facts.Customer("B", Map.of()));
        builder.identity(new Facts.IdentityLink(java.util.List.of(PersonRef.customer("A"), new PersonRef(io.siyu.facts.IdentityKind.UNIONID, "uA")), "crm"));
        return new LiveFacts(builder.build(), ModelFixture.SHANGHAI, true, keys, unionIdsApart);
    }

    @Test
    void withUnionIdsKeptApartALiveJoinGivingACustomerASecondUnionIdIsLeftToARebuild() {
        PersonRef uA = new PersonRef(io.siyu.facts.IdentityKind.UNIONID, "uA");
        PersonRef uX = new PersonRef(io.siyu.facts.IdentityKind.UNIONID, "uX");
        PersonRef phone = new PersonRef(io.siyu.facts.IdentityKind.PHONE, "13800000001");

        LiveFacts apart = withUnionIds(true, new io.siyu.identity.KeyIndex());
        assertThat(apart.link(java.util.List.of(uA, uX))).as("a batch run refuses this union").isFalse();
        assertThat(apart.customerOf(uX)).as("nothing joined").isEqualTo(-1);
        assertThat(apart.link(java.util.List.of(PersonRef.customer("B"), uX, phone))).as("B's first UnionID").isTrue();
        assertThat(apart.customerOf(phone)).isEqualTo(apart.customerOf(PersonRef.customer("B")));
        assertThat(apart.addCustomer(new Facts.Customer("C", Map.of()), java.util.List.of(PersonRef.customer("C"),
                new PersonRef(io.siyu.facts.IdentityKind.UNIONID, "u1"), new PersonRef(io.siyu.facts.IdentityKind.UNIONID, "u2"))))
                .as("a new customer with two UnionIDs").isEqualTo(-1);

        LiveFacts merged = withUnionIds(false, new io.siyu.identity.KeyIndex());
        assertThat(merged.link(java.util.List.of(uA, uX))).as("merging is allowed: the identity joins A live").isTrue();
        assertThat(merged.customerOf(uX)).isEqualTo(merged.customerOf(PersonRef.customer("A")));
    }

    @Test
    void storesSharingTheIdentityNumberingEachAnswerForTheirOwnCustomersOnly() {
        io.siyu.identity.KeyIndex keys = new io.siyu.identity.KeyIndex();
        LiveFacts first = withUnionIds(false, keys);
        LiveFacts second = withUnionIds(true, keys);
        PersonRef phone = new PersonRef(io.siyu.facts.IdentityKind.PHONE, "13800000002");
        assertThat(first.link(java.util.List.of(PersonRef.customer("A"), phone))).isTrue();

        assertThat(first.customerOf(phone)).isEqualTo(first.customerOf(PersonRef.customer("A")));
        assertThat(second.customerOf(phone)).as("numbered by the first store, not linked in the second").isEqualTo(-1);
        assertThat(second.customerOf(PersonRef.customer("B"))).isEqualTo(first.customerOf(PersonRef.customer("B")));
        assertThat(second.add(order("7", "A", T0, 70)).added()).isTrue();
    }

    @Test
    void aFactOfATableNotKeptFindsItsCustomerAndAddsNoRow() {
        LiveFacts facts = loaded().keepOnlyTables(java.util.Set.of("events")); // orders are kept whatever the set says
        LiveFacts.Added added = facts.add(new Facts.Message("m1", PersonRef.customer("A"), T0, "快吃完了", "in", null, null, null));
        assertThat(added.added()).isTrue();
        assertThat(added.customer()).isEqualTo(facts.customerOf(PersonRef.customer("A")));
        assertThat(facts.lastRow(added.customer(), "messages")).isEqualTo(-1);
        assertThat(facts.table(added.customer(), "messages").size()).isZero();
        assertThat(facts.add(new Facts.Message("m2", PersonRef.customer("nobody"), T0, "hi", "in", null, null, null)).refusal())
                .as("a stranger is still refused").startsWith("unknown customer");
        assertThat(facts.add(order("5", "B", T0 + DAY, 50)).added()).isTrue();
        assertThat(facts.lastRow(facts.customerOf(PersonRef.customer("B")), "orders")).isNotNegative();
    }
}
