package io.siyu.store.migration;

import io.siyu.playbook.OutcomeKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Outcome keys start with the occasion's time instead of the customer ({@link OutcomeKey}), so
 * new keys land at the end of the key index instead of on a random page. Stored keys are rewritten
 * to what the playbooks now make for the same action and occasion (de-duplication holds across the
 * upgrade). On SQLite each row also gets {@code customer_prev}, the same customer's outcome before
 * it, which is how a customer's outcomes are found there now; PostgreSQL keeps its index by
 * customer and leaves the column empty.
 *
 * <p>Java, not SQL: the occasion's time is read out of the key as the playbooks' own code reads
 * it. Rows go in chunks by sequence number, each chunk read before it is written.
 */
public final class V14__Outcome_keys_start_with_the_occasion_time extends BaseJavaMigration {
    private static final int CHUNK = 20_000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        boolean sqlite = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("sqlite");
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE outcomes ADD COLUMN customer_prev BIGINT");
        }
        Map<String, Long> latest = new HashMap<>();
        long after = Long.MIN_VALUE;
        try (PreparedStatement read = c.prepareStatement(
                "SELECT seq, outcome_key, customer_id, created_at FROM outcomes WHERE seq > ? ORDER BY seq LIMIT " + CHUNK);
             PreparedStatement write = c.prepareStatement("UPDATE outcomes SET outcome_key = ?, customer_prev = ? WHERE seq = ?")) {
            while (true) {
                List<Object[]> rows = new ArrayList<>();
                read.setLong(1, after);
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)});
                    }
                }
                if (rows.isEmpty()) {
                    return;
                }
                for (Object[] r : rows) {
                    long seq = (Long) r[0];
                    String customer = (String) r[2];
                    write.setString(1, OutcomeKey.fromCustomerFirst((String) r[1], customer, (Long) r[3]));
                    Long before = sqlite ? latest.put(customer, seq) : null;
                    if (before == null) {
                        write.setNull(2, Types.BIGINT);
                    } else {
                        write.setLong(2, before);
                    }
                    write.setLong(3, seq);
                    write.addBatch();
                    after = seq;
                }
                write.executeBatch();
            }
        }
    }
}
