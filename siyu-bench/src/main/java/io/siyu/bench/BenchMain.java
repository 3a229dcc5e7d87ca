package io.siyu.bench;

import io.siyu.engine.BatchEngine;
import io.siyu.engine.CompiledModel;
import io.siyu.engine.ModelCompiler;
import io.siyu.engine.Profiles;
import io.siyu.facts.Dataset;
import io.siyu.facts.DatasetBuilder;
import io.siyu.facts.NumberColumn;
import io.siyu.ingest.DataDirectoryReader;
import io.siyu.ingest.LoadReport;
import io.siyu.model.ModelParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * {@code ./siyu bench}: 1M customers / 10M orders by default. Times, in one run and on the same
 * files, Siyu's full rfm-11 evaluation and the same RFM scores computed by DuckDB SQL, checks
 * that both give identical R, F and M scores, and times an audience count over three conditions.
 * The last line is machine-readable:
 * {@code rfm_seconds_engine=X rfm_seconds_duckdb=Y ratio=R count_micros=Z}.
 */
public final class BenchMain {
    private static final int RUNS = 5;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--ingest")) {
            IngestBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int customers = 1_000_000;
        long orders = 10_000_000;
        long seed = 1;
        Path home = Path.of(System.getProperty("siyu.home", "."));
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--customers" -> customers = Integer.parseInt(args[++i]);
                case "--orders" -> orders = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("Usage: siyu bench [--customers N] [--orders M] [--seed S] [--dir DIR]");
                    System.out.println("       siyu bench --ingest [--customers N] [--seconds S] [--warmup S] [--threads T] [--batch B] [--ack stored|applied] [--keep-store]");
                    System.out.println("Times Siyu's rfm-11 evaluation against DuckDB SQL on the same generated data.");
                    return;
                }
                default -> {
                    System.err.println("Unknown option: '" + args[i] + "'. Usage: siyu bench [--customers N] [--orders M] [--seed S] [--dir DIR]");
                    System.exit(2);
                }
            }
        }
        if (dir == null) {
            dir = home.resolve(".siyu/bench").resolve(customers + "-" + orders + "-" + seed);
        }
        if (!Files.isRegularFile(dir.resolve("orders.csv"))) {
            long t = System.nanoTime();
            RfmWorkload.write(dir, customers, orders, seed);
            log("generated %,d customers / %,d orders in %s (%.1f s)", customers, orders, dir, secs(t));
        }
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        Instant asOf = RfmWorkload.END.atZone(zone).toInstant();
        CompiledModel model = ModelCompiler.compile(ModelParser.parse(home.resolve("examples/rfm-11.yaml")));

        long t = System.nanoTime();
        Dataset data = load(dir, zone);
        log("siyu loaded %,d customers / %,d orders from CSV in %.1f s", data.customers().size(),
                data.table("orders").size(), secs(t));

        BatchEngine engine = new BatchEngine();
        double[] engineTimes = new double[RUNS];
        Profiles profiles = null;
        engine.evaluate(model, data, asOf); // warm-up
        for (int i = 0; i < RUNS; i++) {
            profiles = null; // let the previous result go before the next evaluation
            long s = System.nanoTime();
            profiles = engine.evaluate(model, data, asOf);
            engineTimes[i] = secs(s);
        }
        double engineSeconds = median(engineTimes);
        log("siyu rfm-11 evaluation: median %.3f s of %d runs %s", engineSeconds, RUNS, Arrays.toString(round(engineTimes)));

        RoaringBitmap recent = profiles.flags("recent_buyer").members();
        RoaringBitmap frequent = profiles.flags("frequent_buyer").members();
        RoaringBitmap big = profiles.flags("big_spender").members();
        int count = 0;
        double[] countTimes = new double[2001];
        for (int i = 0; i < countTimes.length; i++) {
            long s = System.nanoTime();
            count = FastAggregation.and(recent, frequent, big).getCardinality();
            countTimes[i] = (System.nanoTime() - s) / 1e3;
        }
        double countMicros = median(Arrays.copyOfRange(countTimes, 1000, countTimes.length));
        long rssEngine = peakRssKb();
        log("audience recent_buyer ∧ frequent_buyer ∧ big_spender = %,d customers, median %.1f µs; engine peak RSS %,d MB",
                count, countMicros, rssEngine / 1024);

        double duckSeconds = duckdb(dir, profiles);
        double ratio = engineSeconds / duckSeconds;
        log("peak RSS of the whole run (siyu + DuckDB in one process): %,d MB", peakRssKb() / 1024);
        System.out.printf(Locale.ROOT, "rfm_seconds_engine=%.3f rfm_seconds_duckdb=%.3f ratio=%.3f count_micros=%.1f%n",
                engineSeconds, duckSeconds, ratio, countMicros);
    }

    /** Loads the CSV as a user's run would; the builder (identity graph, id index) is dropped after. */
    private static Dataset load(Path dir, ZoneId zone) throws java.io.IOException {
        DatasetBuilder builder = new DatasetBuilder(zone);
        LoadReport report = new DataDirectoryReader().read(dir, zone, builder);
        if (report.hasRejections()) {
            log("%d rows rejected:%n%s", report.rejected(), report.render(5));
        }
        return builder.build();
    }

    /** Loads the same CSV into DuckDB, times the RFM query and checks every score against the engine's. */
    private static double duckdb(Path dir, Profiles profiles) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement()) {
            long t = System.nanoTime();
            s.execute("CREATE TABLE orders AS SELECT * FROM read_csv('" + dir.resolve("orders.csv")
                    + "', header = true, columns = {'order_id': 'BIGINT', 'customer_id': 'VARCHAR', "
                    + "'ordered_at': 'TIMESTAMP', 'amount': 'DOUBLE', 'status': 'VARCHAR'})");
            log("duckdb loaded the same orders.csv in %.1f s", secs(t));
            String asOf = RfmWorkload.END.toString().replace('T', ' ');
            String query = "CREATE OR REPLACE TABLE rfm AS "
                    + "WITH per AS (SELECT customer_id, count(*) AS f, sum(amount) AS m, "
                    + "  date_diff('day', max(ordered_at)::DATE, DATE '" + asOf.substring(0, 10) + "') AS r "
                    + "  FROM orders WHERE status = 'paid' AND ordered_at <= TIMESTAMP '" + asOf + "' GROUP BY customer_id), "
                    + "scored AS (SELECT customer_id, "
                    + "  ntile(5) OVER (ORDER BY r DESC, customer_id) AS r_score, "
                    + "  ntile(5) OVER (ORDER BY f ASC, customer_id) AS f_score, "
                    + "  ntile(5) OVER (ORDER BY m ASC, customer_id) AS m_score FROM per) "
                    + "SELECT *, CASE "
                    + " WHEN r_score >= 4 AND f_score >= 4 AND m_score >= 4 THEN 'Champions' "
                    + " WHEN r_score >= 3 AND f_score >= 3 AND m_score >= 3 THEN 'Loyal Customers' "
                    + " WHEN r_score = 1 AND f_score >= 4 AND m_score >= 4 THEN 'Can''t Lose Them' "
                    + " WHEN r_score <= 2 AND f_score >= 3 AND m_score >= 3 THEN 'At Risk' "
                    + " WHEN r_score = 5 AND f_score = 1 THEN 'New Customers' "
                    + " WHEN r_score >= 4 THEN 'Potential Loyalist' "
                    + " WHEN r_score = 3 AND f_score = 1 THEN 'Promising' "
                    + " WHEN r_score = 3 THEN 'Need Attention' "
                    + " WHEN r_score = 2 AND f_score <= 2 THEN 'About To Sleep' "
                    + " WHEN r_score = 2 OR f_score >= 3 THEN 'Hibernating' ELSE 'Lost' END AS segment FROM scored";
            s.execute(query); // warm-up
            double[] times = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long q = System.nanoTime();
                s.execute(query);
                times[i] = secs(q);
            }
            double median = median(times);
            log("duckdb rfm-11 query: median %.3f s of %d runs %s", median, RUNS, Arrays.toString(round(times)));
            verify(s, profiles);
            return median;
        }
    }

    private static void verify(Statement s, Profiles profiles) throws Exception {
        double[] r = ((NumberColumn) profiles.column("r_score")).values();
        double[] f = ((NumberColumn) profiles.column("f_score")).values();
        double[] m = ((NumberColumn) profiles.column("m_score")).values();
        long checked = 0;
        long mismatches = 0;
        try (ResultSet rs = s.executeQuery("SELECT customer_id, r_score, f_score, m_score, segment FROM rfm")) {
            while (rs.next()) {
                int c = profiles.customers().indexOf(rs.getString(1));
                boolean same = c >= 0 && r[c] == rs.getInt(2) && f[c] == rs.getInt(3) && m[c] == rs.getInt(4)
                        && profiles.format("rfm_segment", c).equals(rs.getString(5));
                if (!same && mismatches++ < 5) {
                    log("MISMATCH %s: duckdb r=%d f=%d m=%d %s, siyu r=%s f=%s m=%s %s", rs.getString(1), rs.getInt(2),
                            rs.getInt(3), rs.getInt(4), rs.getString(5), c < 0 ? "-" : r[c], c < 0 ? "-" : f[c],
                            c < 0 ? "-" : m[c], c < 0 ? "-" : profiles.format("rfm_segment", c));
                }
                checked++;
            }
        }
        long scored = Arrays.stream(r, 0, profiles.size()).filter(v -> v == v).count();
        if (mismatches > 0 || checked != scored) {
            log("scores DIFFER: %,d of %,d buyers (siyu scored %,d)", mismatches, checked, scored);
            System.exit(1);
        }
        log("scores identical: R, F, M and segment of all %,d buyers agree with DuckDB", checked);
    }

    private static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double[] round(double[] values) {
        return Arrays.stream(values).map(v -> Math.round(v * 1000) / 1000.0).toArray();
    }

    private static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
