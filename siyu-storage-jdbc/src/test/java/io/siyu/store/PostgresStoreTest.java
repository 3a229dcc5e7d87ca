package io.siyu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The storage contract on a real PostgreSQL server (embedded binaries, one server per class). */
class PostgresStoreTest extends StoreContract {
    private static EmbeddedPostgres postgres;
    private static final AtomicInteger NEXT = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    String freshLocation() throws Exception {
        String name = "siyu_test_" + NEXT.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return postgres.getJdbcUrl("postgres", name) + "&password=postgres";
    }

    @Override
    String jdbcUrl(String location) {
        return location;
    }

    @Override
    java.util.List<String> ownMigrations() {
        return java.util.List.of("16:true"); // identity links unique by the MD5 of their refs
    }

    @Test
    void aMissingDatabaseIsExplained() {
        String url = postgres.getJdbcUrl("postgres", "no_such_db");
        assertThatThrownBy(() -> Store.open(url))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open database '" + url + "'")
                .hasMessageContaining("does not exist")
                .hasMessageContaining("createdb");
    }

    @Test
    void aReadOnTheSecondConnectionAfterTheDatabaseDroppedItConnectsAgain() throws Exception {
        String location = freshLocation();
        String database = location.substring(location.lastIndexOf('/') + 1, location.indexOf('?'));
        try (Store store = Store.open(location)) {
            assertThat(store.queuedDeliveries(0, 10)).isEmpty(); // opens the second connection
            try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement st = admin.createStatement()) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            }
            assertThatThrownBy(() -> store.queuedDeliveries(0, 10)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("cannot read the delivery queue from");
            assertThat(store.queuedDeliveries(0, 10)).as("the next read, on a new connection").isEmpty();
        }
    }

    @Test
    void theDialectIsPostgresql() throws Exception {
        try (Store store = Store.open(freshLocation())) {
            assertThat(store.dialect()).isEqualTo(Store.Dialect.POSTGRESQL);
        }
    }
}
