package io.siyu.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.SplittableRandom;

/**
 * The benchmark's data: N customers and exactly M orders in the DESIGN §4 CSV format, written
 * once and then read by both Siyu and DuckDB. Customers differ a lot in how often they buy (a
 * skewed pick of the buyer), amounts are long-tailed whole yuan (so sums are exact in both
 * systems and scores can be compared exactly), 3% of orders are refunds, dates span two years
 * before {@link #END}. Same seed, same files.
 */
final class RfmWorkload {
    static final LocalDateTime END = LocalDateTime.of(2026, 6, 30, 23, 59, 59);

    private RfmWorkload() {}

    static void write(Path dir, int customers, long orders, long seed) throws IOException {
        Files.createDirectories(dir);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("customers.csv"), StandardCharsets.UTF_8)) {
            w.write("customer_id\n");
            for (int c = 0; c < customers; c++) {
                w.write(customerId(c));
                w.write('\n');
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        long startSecond = END.minusYears(2).toEpochSecond(java.time.ZoneOffset.UTC);
        long span = END.toEpochSecond(java.time.ZoneOffset.UTC) - startSecond;
        StringBuilder line = new StringBuilder(64);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("orders.csv"), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            w.write("order_id,customer_id,ordered_at,amount,status\n");
            for (long o = 0; o < orders; o++) {
                // skewed buyer choice: low indexes buy far more often (a long tail of one-off buyers)
                int c = (int) Math.min(customers - 1, (long) (customers * Math.pow(random.nextDouble(), 1.8)));
                long at = startSecond + (long) (span * Math.sqrt(random.nextDouble()));
                long amount = Math.max(1, Math.round(Math.exp(4 + 1.1 * random.nextGaussian())));
                line.setLength(0);
                line.append(o + 1).append(',').append(customerId(c)).append(',')
                        .append(LocalDateTime.ofEpochSecond(at, 0, java.time.ZoneOffset.UTC)).append(',')
                        .append(amount).append(',').append(random.nextInt(100) < 3 ? "refunded" : "paid").append('\n');
                w.append(line);
            }
        }
    }

    static String customerId(int c) {
        return String.format("c%07d", c);
    }
}
