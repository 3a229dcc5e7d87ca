package io.siyu.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.siyu.facts.IdentityKind;
import io.siyu.facts.PersonRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryReaderTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    // 2024-05-01T00:00+08:00
    static final long MAY_1 = 1714492800L;

    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private LoadReport load(RecordingSink sink) throws IOException {
        return new DataDirectoryReader().read(dir, SHANGHAI, sink);
    }

    @Test
    void badOrderRowsAreReportedWithLineColumnAndReasonAndGoodRowsKept() throws IOException {
        write("orders.csv", String.join("\n",
                "order_id,customer_id,ordered_at,amount,status",          // 1
                "o1,c1,2024-05-01,10.5,paid",                            // 2 ok
                "o2,c1,2024-05-01T10:00:00+08:00,\"1,000\",",            // 3 amount with comma
                "o3,c2,2024-13-01,5,paid",                               // 4 bad month
                "o4,c2,2024-05-02,-3,paid",                              // 5 negative
                "o5,c2,2024-05-02,3,cancelled",                          // 6 bad status
                "o6,,2024-05-02,3,paid",                                 // 7 no person
                ",c3,2024-05-02,3,paid",                                 // 8 no order id
                "o1,c1,2024-05-01,10.5,paid",                            // 9 repeat
                "o7,c3,2024-05-03,7,REFUNDED,extra",                     // 10 too many fields
                "o8,c3,2024-05-03 08:30,0",                              // 11 short row: status empty = paid
                ""));
        RecordingSink sink = new RecordingSink();
        LoadReport report = load(sink);
        LoadReport.FileSummary f = report.file("orders.csv");
        assertThat(f.accepted()).isEqualTo(2);
        assertThat(f.repeated()).isEqualTo(1);
        assertThat(f.rejected()).isEqualTo(7);
        assertThat(f.rejectedRows()).extracting(RejectedRow::toString).containsExactly(
                "orders.csv:3:4: amount '1,000' is not a number (write digits with a dot for decimals and no thousands"
                        + " separator, e.g. 128.50)",
                "orders.csv:4:3: ordered_at '2024-13-01' is not an ISO-8601 date or timestamp (expected e.g. 2024-05-01"
                        + " or 2024-05-01T10:00:00+08:00)",
                "orders.csv:5:4: amount '-3' is negative; give a refund as a positive amount with status refunded",
                "orders.csv:6:5: status 'cancelled' is not one of paid, refunded (leave it empty for paid)",
                "orders.csv:7: no person reference: give customer_id or one of unionid, openid, external_userid, phone,"
                        + " member_id",
                "orders.csv:8:1: order_id is empty; every row of orders.csv needs one",
                "orders.csv:10:6: row has 6 fields but the header has 5 columns; quote a value that contains a comma,"
                        + " e.g. \"Shanghai, China\"");
        assertThat(f.rejectedRows().get(1).field()).isEqualTo("ordered_at");
        assertThat(f.rejectedRows().get(1).column()).isEqualTo(3);
        assertThat(sink.orders).hasSize(2);
        assertThat(sink.orders.get(0).orderedAt()).isEqualTo(MAY_1);
        assertThat(sink.orders.get(0).amount()).isEqualTo(10.5);
        assertThat(sink.orders.get(1).orderedAt()).isEqualTo(MAY_1 + 86400 * 2 + 8 * 3600 + 1800);
        assertThat(sink.orders.get(1).status()).isEqualTo("paid");
        assertThat(report.render()).contains("orders.csv", "orders.csv:4:3: ordered_at '2024-13-01'");
    }

    @Test
    void missingRequiredColumnRejectsTheWholeFile() throws IOException {
        write("orders.csv", "order_id,customer_id,amount\no1,c1,5\n");
        write("events.csv", "occurred_at,type\n2024-05-01,click\n");
        LoadReport report = load(new RecordingSink());
        RejectedRow orders = report.file("orders.csv").fileError();
        assertThat(orders.toString()).startsWith(
                "orders.csv:1: missing required column 'ordered_at'; header found: order_id,customer_id,amount");
        assertThat(report.file("orders.csv").accepted()).isZero();
        assertThat(report.file("events.csv").fileError().reason()).isEqualTo(
                "missing a person reference column: give customer_id or one of unionid, openid, external_userid, phone,"
                        + " member_id; header found: occurred_at,type");
        assertThat(report.render()).contains("whole file");
    }

    @Test
    void severalReferencesOnAFactRowUseCustomerIdFirstAndLinkThem() throws IOException {
        write("events.csv", "type,occurred_at,openid,member_id,customer_id,page\n"
                + "view,2024-05-01,o1,m1,,home\n"
                + "view,2024-05-01,,,c9,\n");
        RecordingSink sink = new RecordingSink();
        load(sink);
        assertThat(sink.events.get(0).person()).isEqualTo(new PersonRef(IdentityKind.MEMBER_ID, "m1"));
        assertThat(sink.events.get(0).properties()).isEqualTo(Map.of("page", "home"));
        assertThat(sink.events.get(1).person()).isEqualTo(PersonRef.customer("c9"));
        assertThat(sink.events.get(1).properties()).isEmpty();
        assertThat(sink.links).hasSize(1);
        assertThat(sink.links.get(0).refs()).containsExactly(
                new PersonRef(IdentityKind.MEMBER_ID, "m1"), new PersonRef(IdentityKind.OPENID, "o1"));
        assertThat(sink.links.get(0).source()).isEqualTo("events.csv");
    }

    @Test
    void customersIdentitiesStaffProductsItemsAndMessages() throws IOException {
        write("customers.csv", "\uFEFFcustomer_id,name,birthday,member_level,phone\n"
                + "c1,\"Wang, Li\",1990-02-03,2,13800000000\n"
                + "c1,dup,,,\n"
                + ",nobody,,,\n");
        write("identities.csv", "unionid,member_id,external_userid,source\n"
                + "u1,m1,wx1,crm\n"
                + "u2,,,crm\n");
        write("staff.csv", "staff_id,name,active\ns1,Zhang,\ns2,Li,no\ns3,Zhao,maybe\n");
        write("products.csv", "sku,name,category,price,cycle_days\nA,Cream,skin,99,30\nB,Oil,,abc,\n");
        write("order_items.csv", "order_id,sku,quantity,unit_price\no1,A,2,49.5\no1,B,x,\n");
        write("messages.csv", "message_id,external_userid,sent_at,text,direction,channel\n"
                + "msg1,wx1,2024-05-01T09:00,\"快吃完了\",in,private\n"
                + "msg2,wx1,2024-05-01T09:00,hi,sideways,private\n"
                + "msg3,wx1,2024-05-01T09:00,  ,in,private\n");
        write("notes.txt", "ignored");
        RecordingSink sink = new RecordingSink();
        LoadReport report = load(sink);

        assertThat(report.skipped()).containsExactly("notes.txt");
        assertThat(report.file("customers.csv").accepted()).isEqualTo(1);
        assertThat(report.file("customers.csv").repeated()).isEqualTo(1);
        assertThat(report.file("customers.csv").rejectedRows()).extracting(RejectedRow::toString)
                .containsExactly("customers.csv:4:1: customer_id is empty; every row of customers.csv needs one");
        assertThat(sink.customers.get(0).attributes())
                .isEqualTo(Map.of("name", "Wang, Li", "birthday", "1990-02-03", "member_level", "2"));
        // the phone on the customer row links it to c1
        assertThat(sink.links.get(0).refs()).containsExactly(PersonRef.customer("c1"),
                new PersonRef(IdentityKind.PHONE, "13800000000"));

        assertThat(report.file("identities.csv").rejectedRows()).extracting(RejectedRow::toString).containsExactly(
                "identities.csv:3: an identity row needs at least two references to link (found only unionid); fill two"
                        + " or more of customer_id, unionid, openid, external_userid, phone, member_id");
        assertThat(sink.links.get(1).refs()).containsExactly(new PersonRef(IdentityKind.UNIONID, "u1"),
                new PersonRef(IdentityKind.MEMBER_ID, "m1"), new PersonRef(IdentityKind.EXTERNAL_USERID, "wx1"));
        assertThat(sink.links.get(1).source()).isEqualTo("crm");

        assertThat(sink.staff).extracting(s -> s.staffId() + s.active()).containsExactly("s1true", "s2false");
        assertThat(report.file("staff.csv").rejectedRows().get(0).toString())
                .isEqualTo("staff.csv:4:3: active 'maybe' is not true or false (leave it empty for true)");

        assertThat(sink.products).hasSize(1);
        assertThat(sink.products.get(0).cycleDays()).isEqualTo(30.0);
        assertThat(report.file("products.csv").rejectedRows().get(0).toString()).startsWith(
                "products.csv:3:4: price 'abc' is not a number");

        assertThat(sink.items).hasSize(1);
        assertThat(report.file("order_items.csv").rejectedRows().get(0).toString()).startsWith(
                "order_items.csv:3:3: quantity 'x' is not a number");

        assertThat(sink.messages).hasSize(1);
        assertThat(sink.messages.get(0).text()).isEqualTo("快吃完了");
        assertThat(report.file("messages.csv").rejectedRows()).extracting(RejectedRow::toString).containsExactly(
                "messages.csv:3:5: direction 'sideways' is not one of in, out (or leave it empty)",
                "messages.csv:4:4: text is empty; every message needs its text");
        assertThat(report.files()).extracting(LoadReport.FileSummary::file).containsExactly("customers.csv",
                "identities.csv", "staff.csv", "products.csv", "order_items.csv", "messages.csv");
    }

    @Test
    void jsonLinesWithPropertiesObjectAndColumnsOfTheBadValue() throws IOException {
        write("events.jsonl", String.join("\n",
                "{\"event_id\":\"e1\",\"external_userid\":\"wx1\",\"occurred_at\":\"2024-05-01T10:00:00+08:00\","
                        + "\"type\":\"moments_click\",\"properties\":{\"article\":\"a7\",\"seconds\":35,\"tags\":[1,2]}}",
                "",
                "{\"event_id\":\"e2\",\"customer_id\":\"c1\",\"occurred_at\":\"2024-02-30\",\"type\":\"x\"}",
                "{\"event_id\":\"e3\",\"occurred_at\":\"2024-05-01\",\"type\":\"x\"}",
                "{\"event_id\":\"e4\",\"customer_id\":\"c1\" \"type\":\"x\"}",
                "{\"event_id\":\"e1\",\"customer_id\":\"c1\",\"occurred_at\":\"2024-05-01\",\"type\":\"x\"}",
                "{\"event_id\":\"e5\",\"customer_id\":7,\"occurred_at\":\"2024-05-01\",\"type\":\"x\",\"score\":1.5}"));
        RecordingSink sink = new RecordingSink();
        LoadReport.FileSummary f = load(sink).file("events.jsonl");
        assertThat(f.accepted()).isEqualTo(2);
        assertThat(f.repeated()).isEqualTo(1);
        assertThat(sink.events.get(0).occurredAt()).isEqualTo(MAY_1 + 36000);
        assertThat(sink.events.get(0).properties())
                .isEqualTo(Map.of("article", "a7", "seconds", "35", "tags", "[1,2]"));
        assertThat(sink.events.get(1).person()).isEqualTo(PersonRef.customer("7"));
        assertThat(sink.events.get(1).properties()).isEqualTo(Map.of("score", "1.5"));
        List<RejectedRow> rows = f.rejectedRows();
        assertThat(rows).hasSize(3);
        // "occurred_at": value starts at character 51 of line 3
        assertThat(rows.get(0).toString()).isEqualTo("events.jsonl:3:51: occurred_at '2024-02-30' is not an ISO-8601"
                + " date or timestamp (expected e.g. 2024-05-01 or 2024-05-01T10:00:00+08:00)");
        assertThat(rows.get(1).toString()).startsWith("events.jsonl:4: no person reference");
        assertThat(rows.get(2).line()).isEqualTo(5);
        assertThat(rows.get(2).reason()).startsWith("not valid JSON");
    }

    @Test
    void csvPropertiesColumnIsFlattened() throws IOException {
        write("events.csv", "customer_id,occurred_at,type,properties\n"
                + "c1,2024-05-01,scan,\"{\"\"table\"\":\"\"T3\"\",\"\"n\"\":2}\"\n"
                + "c1,2024-05-01,scan,{oops}\n");
        RecordingSink sink = new RecordingSink();
        LoadReport report = load(sink);
        assertThat(sink.events.get(0).properties()).isEqualTo(Map.of("table", "T3", "n", "2"));
        assertThat(report.file("events.csv").rejectedRows().get(0).toString())
                .startsWith("events.csv:3:4: properties is not a JSON object");
    }

    @Test
    void rejectionsBeyondTheCapAreCountedNotKept() throws IOException {
        StringBuilder sb = new StringBuilder("order_id,customer_id,ordered_at,amount\n");
        for (int i = 0; i < 1500; i++) {
            sb.append("o").append(i).append(",,2024-05-01,1\n");
        }
        write("orders.csv", sb.toString());
        LoadReport report = load(new RecordingSink());
        LoadReport.FileSummary f = report.file("orders.csv");
        assertThat(f.rejected()).isEqualTo(1500);
        assertThat(f.rejectedRows()).hasSize(LoadReport.MAX_KEPT_PER_FILE);
        assertThat(f.rejectedNotKept()).isEqualTo(500);
        assertThat(f.rejectedRows().get(999).line()).isEqualTo(1001);
        assertThat(report.render(3)).contains("… and 1497 more rejected rows");
    }

    @Test
    void pipelinedAndSequentialLoadsAgreeAndASinkFailureIsRethrown() throws IOException {
        StringBuilder sb = new StringBuilder("order_id,customer_id,ordered_at,amount\n");
        for (int i = 0; i < 20_000; i++) {
            sb.append("o").append(i % 15_000).append(",c").append(i % 7).append(",2024-05-01,")
                    .append(i % 3 == 0 ? "x" : "1").append('\n');
        }
        write("orders.csv", sb.toString());
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        LoadReport.FileSummary pipelined = new DataDirectoryReader(true).read(dir, SHANGHAI, a).file("orders.csv");
        LoadReport.FileSummary sequential = new DataDirectoryReader(false).read(dir, SHANGHAI, b).file("orders.csv");
        assertThat(pipelined).isEqualTo(sequential);
        assertThat(pipelined.accepted() + pipelined.repeated() + pipelined.rejected()).isEqualTo(20_000);
        assertThat(a.orders).isEqualTo(b.orders);

        RecordingSink failing = new RecordingSink() {
            @Override
            public boolean order(io.siyu.facts.Facts.Order o) {
                if (o.orderId().equals("o9001")) {
                    throw new IllegalStateException("disk full");
                }
                return super.order(o);
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DataDirectoryReader().read(dir, SHANGHAI, failing))
                .isInstanceOf(IllegalStateException.class).hasMessage("disk full");
    }
}
