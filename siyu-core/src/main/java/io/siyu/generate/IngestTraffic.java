package io.siyu.generate;

import java.util.SplittableRandom;

/**
 * The facts the ingest benchmarks post, as {@code POST /api/facts} JSON: 40% chat messages with
 * scenario phrases (and negations), 40% events (test-drive forms, table scans, scan-to-pay, page
 * views, carts), 20% orders, for random customers {@code C0000001…} of a generated data set, timed
 * during {@code day}. One generator, so the HTTP benchmark and the in-process one send the same load.
 */
public final class IngestTraffic {
    private static final String[] TEXTS = {"快吃完了", "谢谢", "同事过来问这是什么牌子", "还没吃完呢", "什么时候发货"};
    private static final String[] TYPES = {"test_drive_form", "page_view", "scan_qr", "scan_pay", "add_to_cart"};

    private final String run;
    private final int customers;
    private final String day;

    /** {@code run} prefixes every fact id, so a second run on the same store sends new facts, not repeats. */
    public IngestTraffic(String run, int customers, String day) {
        this.run = run;
        this.customers = customers;
        this.day = day;
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
        String at = day + "T" + padded(9 + r.nextInt(12), 2) + ":" + padded(r.nextInt(60), 2) + ":" + padded(r.nextInt(60), 2);
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

    private static String padded(int value, int width) {
        String digits = Integer.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
