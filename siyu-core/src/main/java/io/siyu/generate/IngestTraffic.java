package io.siyu.generate;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The facts the ingest benchmarks post, as {@code POST /api/facts} JSON: 40% chat messages with
 * scenario phrases (and negations), 40% events (test-drive forms, table scans, scan-to-pay, page
 * views, carts), 20% orders, for random customers {@code C0000001…} of a generated data set. Timed
 * as a live feed is ({@link #live}): each fact happened up to {@value #LAG_SECONDS} seconds before it
 * is sent; or ({@link #during}) at random times of one day, 09:00 to 21:00, as the benchmarks sent
 * them before the ninth session. One generator, so the HTTP benchmark and the in-process one send the same load.
 */
public final class IngestTraffic {
    private static final String[] TEXTS = {"快吃完了", "谢谢", "同事过来问这是什么牌子", "还没吃完呢", "什么时候发货"};
    private static final String[] TYPES = {"test_drive_form", "page_view", "scan_qr", "scan_pay", "add_to_cart"};

    /** How late a live fact may arrive: channels batch, phones reconnect. */
    static final int LAG_SECONDS = 5;

    private final String run;
    private final int customers;
    private final String day;
    private final ZoneId zone;
    private final LongSupplier clockSeconds;
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    /** The last second formatted, with the times before it: one clock second serves thousands of facts. */
    private volatile Second formatted = new Second(Long.MIN_VALUE, new String[0]);

    private record Second(long epochSecond, String[] lagged) {}

    private IngestTraffic(String run, int customers, String day, ZoneId zone, LongSupplier clockSeconds) {
        this.run = run;
        this.customers = customers;
        this.day = day;
        this.zone = zone;
        this.clockSeconds = clockSeconds;
    }

    /**
     * Facts that happened just before they are sent ({@code clockSeconds}, epoch seconds), in
     * local time of {@code zone}. {@code run} prefixes every fact id, so a second run on the same
     * store sends new facts, not repeats.
     */
    public static IngestTraffic live(String run, int customers, ZoneId zone, LongSupplier clockSeconds) {
        return new IngestTraffic(run, customers, null, zone, clockSeconds);
    }

    /**
     * A clock for {@link #live} that starts at {@code opening} (in {@code zone}) when made and runs
     * with the wall clock. The benchmarks' feed starts at 10:00 today whenever they run: at the
     * machine's own time, a run at 05:55 in Shanghai had every task and message blocked by the
     * contact policy's quiet hours (21:00–09:00) — another load than a run in the afternoon.
     */
    public static LongSupplier clockFrom(LocalDateTime opening, ZoneId zone) {
        long start = opening.atZone(zone).toEpochSecond();
        long began = System.nanoTime();
        return () -> start + (System.nanoTime() - began) / 1_000_000_000L;
    }

    /** Facts at random times of {@code day} (yyyy-MM-dd), 09:00 to 21:00. */
    public static IngestTraffic during(String run, int customers, String day) {
        return new IngestTraffic(run, customers, day, null, null);
    }

    /** A JSON array of {@code size} facts with ids {@code firstId…}. */
    public String batch(SplittableRandom random, long firstId, int size) {
        StringBuilder body = new StringBuilder(size * 160).append('[');
        for (int f = 0; f < size; f++) {
            body.append(f == 0 ? "" : ",").append(fact(random, firstId + f));
        }
        return body.append(']').toString();
    }

    /** One fact as JSON. */
    public String fact(SplittableRandom r, long id) {
        // no String.format: the load generator shares the machine's two cores with the server it measures
        String who = "C" + padded(1 + r.nextInt(customers), 7);
        String at = day != null ? day + "T" + padded(9 + r.nextInt(12), 2) + ":" + padded(r.nextInt(60), 2) + ":" + padded(r.nextInt(60), 2)
                : recent(r.nextInt(LAG_SECONDS + 1));
        int kind = r.nextInt(10);
        if (kind < 4) {
            return "{\"kind\":\"message\",\"message_id\":\"b" + run + "-" + id + "\",\"customer_id\":\"" + who + "\",\"sent_at\":\"" + at
                    + "\",\"text\":\"" + TEXTS[r.nextInt(TEXTS.length)] + "\",\"direction\":\"in\"}";
        }
        if (kind < 8) {
            return "{\"kind\":\"event\",\"event_id\":\"b" + run + "-" + id + "\",\"customer_id\":\"" + who + "\",\"occurred_at\":\"" + at
                    + "\",\"type\":\"" + TYPES[r.nextInt(TYPES.length)] + "\"}";
        }
        return "{\"kind\":\"order\",\"order_id\":\"b" + run + "-" + id + "\",\"customer_id\":\"" + who + "\",\"ordered_at\":\"" + at
                + "\",\"amount\":" + (20 + r.nextInt(300)) + "}";
    }

    /** The local time {@code lag} seconds before now, as facts write it. */
    private String recent(int lag) {
        long now = clockSeconds.getAsLong();
        Second second = formatted;
        if (second.epochSecond() != now) {
            String[] lagged = new String[LAG_SECONDS + 1];
            for (int i = 0; i <= LAG_SECONDS; i++) {
                lagged[i] = LOCAL_TIME.format(LocalDateTime.ofInstant(Instant.ofEpochSecond(now - i), zone));
            }
            second = new Second(now, lagged);
            formatted = second;
        }
        return second.lagged()[lag];
    }

    private static String padded(int value, int width) {
        String digits = Integer.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
