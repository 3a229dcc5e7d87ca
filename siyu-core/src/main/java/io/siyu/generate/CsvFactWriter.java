package io.siyu.generate;

import io.siyu.facts.CsvText;
import io.siyu.facts.FactSink;
import io.siyu.facts.Facts;
import io.siyu.facts.IdentityKind;
import io.siyu.facts.NumberColumn;
import io.siyu.facts.PersonRef;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes facts as a data directory in the DESIGN §4 format: one CSV per kind with a header row,
 * timestamps as local ISO date-times in the given zone (the model's, Asia/Shanghai by default).
 * A fact refers to its person through the column of its identifier kind, the others left blank.
 */
public final class CsvFactWriter implements FactSink, AutoCloseable {
    private static final List<IdentityKind> PERSON_COLUMNS = List.of(IdentityKind.CUSTOMER_ID, IdentityKind.UNIONID,
            IdentityKind.MEMBER_ID, IdentityKind.EXTERNAL_USERID, IdentityKind.PHONE);
    private static final List<String> EVENT_PROPERTIES = List.of("article_id", "group", "table_id", "stars", "grade");

    private final Path dir;
    private final ZoneId zone;
    private final Map<String, BufferedWriter> files = new java.util.LinkedHashMap<>();
    private List<String> customerAttributes;

    public CsvFactWriter(Path dir) throws IOException {
        this(dir, ZoneId.of("Asia/Shanghai"));
    }

    public CsvFactWriter(Path dir, ZoneId zone) throws IOException {
        this.dir = dir;
        this.zone = zone;
        Files.createDirectories(dir);
        String persons = String.join(",", PERSON_COLUMNS.stream().map(IdentityKind::column).toList());
        open("identities", persons + ",openid,source");
        open("staff", "staff_id,name,role,store_id,active");
        open("products", "sku,name,category,price,cycle_days");
        open("orders", "order_id," + persons + ",ordered_at,amount,status,store_id,channel,table_id");
        open("order_items", "order_id,sku,quantity,unit_price");
        open("events", "event_id," + persons + ",occurred_at,type," + String.join(",", EVENT_PROPERTIES));
        open("messages", "message_id," + persons + ",sent_at,text,direction,channel,group_id,staff_id");
    }

    private void open(String name, String header) throws IOException {
        BufferedWriter w = Files.newBufferedWriter(dir.resolve(name + ".csv"), StandardCharsets.UTF_8);
        w.write(header);
        w.write('\n');
        files.put(name, w);
    }

    @Override
    public boolean customer(Facts.Customer c) {
        try {
            if (customerAttributes == null) {
                customerAttributes = new ArrayList<>(c.attributes().keySet());
                open("customers", "customer_id," + String.join(",", customerAttributes));
            }
            List<String> row = new ArrayList<>();
            row.add(c.customerId());
            customerAttributes.forEach(a -> row.add(c.attributes().get(a)));
            return line("customers", row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean identity(Facts.IdentityLink link) {
        Map<IdentityKind, String> byKind = new EnumMap<>(IdentityKind.class);
        link.refs().forEach(r -> byKind.put(r.kind(), r.value()));
        List<String> row = new ArrayList<>();
        PERSON_COLUMNS.forEach(k -> row.add(byKind.get(k)));
        row.add(byKind.get(IdentityKind.OPENID));
        row.add(link.source());
        return line("identities", row);
    }

    @Override
    public boolean staff(Facts.Staff s) {
        return line("staff", List.of(s.staffId(), s.name(), s.role(), s.storeId(), Boolean.toString(s.active())));
    }

    @Override
    public boolean product(Facts.Product p) {
        return line("products", java.util.Arrays.asList(p.sku(), p.name(), p.category(), NumberColumn.formatNumber(p.price()),
                NumberColumn.formatNumber(p.cycleDays())));
    }

    @Override
    public boolean order(Facts.Order o) {
        List<String> row = new ArrayList<>();
        row.add(o.orderId());
        person(row, o.person());
        row.add(time(o.orderedAt()));
        row.add(NumberColumn.formatNumber(o.amount()));
        row.add(o.status());
        row.add(o.storeId());
        row.add(o.channel());
        row.add(o.tableId());
        return line("orders", row);
    }

    @Override
    public boolean orderItem(Facts.OrderItem item) {
        return line("order_items", List.of(item.orderId(), item.sku(), NumberColumn.formatNumber(item.quantity()),
                NumberColumn.formatNumber(item.unitPrice())));
    }

    @Override
    public boolean event(Facts.Event e) {
        List<String> row = new ArrayList<>();
        row.add(e.eventId());
        person(row, e.person());
        row.add(time(e.occurredAt()));
        row.add(e.type());
        EVENT_PROPERTIES.forEach(p -> row.add(e.properties().get(p)));
        return line("events", row);
    }

    @Override
    public boolean message(Facts.Message m) {
        List<String> row = new ArrayList<>();
        row.add(m.messageId());
        person(row, m.person());
        row.add(time(m.sentAt()));
        row.add(m.text());
        row.add(m.direction());
        row.add(m.channel());
        row.add(m.groupId());
        row.add(m.staffId());
        return line("messages", row);
    }

    private static void person(List<String> row, PersonRef ref) {
        for (IdentityKind k : PERSON_COLUMNS) {
            row.add(ref.kind() == k ? ref.value() : null);
        }
    }

    private String time(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).atZone(zone).toLocalDateTime().toString();
    }

    private boolean line(String file, List<String> fields) {
        try {
            Writer w = files.get(file);
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    w.write(',');
                }
                w.write(CsvText.quote(fields.get(i)));
            }
            w.write('\n');
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(file + ".csv") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (BufferedWriter w : files.values()) {
            try {
                w.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
