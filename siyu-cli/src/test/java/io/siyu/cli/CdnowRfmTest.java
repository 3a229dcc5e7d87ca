package io.siyu.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.siyu.ingest.CsvReader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise on real data: `siyu run` of rfm-8 on CDNOW as of 1998-07-01 gives the same
 * rfm_class counts as an independent computation written in SQL (SQLite), from the raw CSV.
 */
class CdnowRfmTest {
    @TempDir
    Path tmp;

    @Test
    void rfm8_on_cdnow_matches_an_independent_sql_computation() throws Exception {
        Path cdnow = Cli.shared().resolve("data/cdnow");
        assumeTrue(Files.isRegularFile(cdnow.resolve("orders.csv")), "../shared/data/cdnow is not beside the repository");
        Path out = tmp.resolve("out");
        Cli result = Cli.run("run", "--model", Cli.example("rfm-8"), "--data", cdnow.toString(), "--as-of", "1998-07-01",
                "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("重要价值客户");

        Map<String, Long> engine = new TreeMap<>();
        try (InputStream in = Files.newInputStream(out.resolve("profiles.csv")); CsvReader csv = new CsvReader(in)) {
            csv.next();
            int column = java.util.Arrays.asList(csv.fields().clone()).indexOf("rfm_class");
            while (csv.next()) {
                engine.merge(csv.get(column), 1L, Long::sum);
            }
        }
        Map<String, Long> sql = sqlCounts(cdnow);
        assertThat(engine).isEqualTo(sql);
        assertThat(engine.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(23_570);
    }

    /** The 8-class RFM straight from the CSV in SQLite: means over buyers, classes by CASE. */
    private Map<String, Long> sqlCounts(Path cdnow) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("check.db"))) {
            try (Statement s = db.createStatement()) {
                s.execute("CREATE TABLE customers(customer_id TEXT PRIMARY KEY)");
                s.execute("CREATE TABLE orders(order_id TEXT, customer_id TEXT, ordered_at TEXT, amount REAL)");
            }
            db.setAutoCommit(false);
            load(db, cdnow.resolve("customers.csv"), "INSERT INTO customers VALUES (?)", 1);
            load(db, cdnow.resolve("orders.csv"), "INSERT INTO orders VALUES (?,?,?,?)", 4);
            db.commit();
            String query = """
                    WITH per AS (
                      SELECT c.customer_id,
                             COUNT(o.order_id) AS f,
                             COALESCE(SUM(o.amount), 0) AS m,
                             julianday('1998-07-01') - julianday(MAX(o.ordered_at)) AS r
                      FROM customers c LEFT JOIN orders o
                        ON o.customer_id = c.customer_id AND o.ordered_at <= '1998-07-01'
                      GROUP BY c.customer_id),
                    means AS (SELECT AVG(r) AS mr, AVG(f) AS mf, AVG(m) AS mm FROM per WHERE f > 0)
                    SELECT CASE
                             WHEN f = 0 THEN '无消费'
                             WHEN r < mr AND f > mf AND m > mm THEN '重要价值客户'
                             WHEN r < mr AND f <= mf AND m > mm THEN '重要发展客户'
                             WHEN r >= mr AND f > mf AND m > mm THEN '重要保持客户'
                             WHEN r >= mr AND f <= mf AND m > mm THEN '重要挽留客户'
                             WHEN r < mr AND f > mf THEN '一般价值客户'
                             WHEN r < mr THEN '一般发展客户'
                             WHEN f > mf THEN '一般保持客户'
                             ELSE '一般挽留客户' END AS class,
                           COUNT(*)
                    FROM per, means GROUP BY class""";
            Map<String, Long> out = new TreeMap<>();
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(query)) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        }
    }

    private static void load(Connection db, Path csvFile, String insert, int columns) throws Exception {
        try (InputStream in = Files.newInputStream(csvFile); CsvReader csv = new CsvReader(in);
             PreparedStatement ps = db.prepareStatement(insert)) {
            csv.next();
            while (csv.next()) {
                for (int i = 0; i < columns; i++) {
                    ps.setString(i + 1, csv.get(i));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
