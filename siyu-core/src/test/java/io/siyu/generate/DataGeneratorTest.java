package io.siyu.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.siyu.facts.Dataset;
import io.siyu.facts.DatasetBuilder;
import io.siyu.facts.FactTable;
import io.siyu.facts.NumberColumn;
import io.siyu.facts.StringColumn;
import io.siyu.identity.IdentityOptions;
import io.siyu.ingest.DataDirectoryReader;
import io.siyu.ingest.LoadReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DataGeneratorTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate END = LocalDate.of(2026, 6, 30);

    @TempDir
    Path tmp;

    private Path write(Profile profile, int customers, long seed, String name) throws IOException {
        Path dir = tmp.resolve(name);
        try (CsvFactWriter writer = new CsvFactWriter(dir)) {
            new DataGenerator().generate(new GeneratorSpec(profile, customers, seed, END, SHANGHAI), writer);
        }
        return dir;
    }

    private static String digest(Path dir) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                sha.update(f.getFileName().toString().getBytes());
                sha.update(Files.readAllBytes(f));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void the_same_seed_writes_the_same_bytes_and_another_seed_does_not() throws Exception {
        String a = digest(write(Profile.FMCG, 300, 7, "a"));
        String b = digest(write(Profile.FMCG, 300, 7, "b"));
        String c = digest(write(Profile.FMCG, 300, 8, "c"));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void every_profile_loads_cleanly_with_nothing_after_the_end(Profile profile) throws IOException {
        Path dir = write(profile, 400, 1, profile.key());
        assertThat(Files.readAllLines(dir.resolve("orders.csv")).get(0))
                .isEqualTo("order_id,customer_id,unionid,member_id,external_userid,phone,ordered_at,amount,status,store_id,channel,table_id");
        DatasetBuilder builder = new DatasetBuilder(SHANGHAI, IdentityOptions.DEFAULT);
        LoadReport report = new DataDirectoryReader().read(dir, SHANGHAI, builder);
        assertThat(report.rejected()).as(report.render()).isZero();
        Dataset data = builder.build();
        long endSecond = END.plusDays(1).atStartOfDay(SHANGHAI).toEpochSecond();
        for (FactTable table : data.tables().values()) {
            for (int r = 0; r < table.size(); r++) {
                assertThat(table.times()[r]).as(table.name()).isLessThan(endSecond);
            }
        }
        // identity fragments were unified: roughly one customer per generated customer
        assertThat(data.customers().size()).isBetween(395, 400);
        assertThat(data.table("events").size()).isPositive();
    }

    @Test
    void spend_is_long_tailed_with_prospects_refunds_and_split_identities() throws IOException {
        Path dir = write(Profile.FMCG, 2000, 3, "shape");
        DatasetBuilder builder = new DatasetBuilder(SHANGHAI, IdentityOptions.DEFAULT);
        new DataDirectoryReader().read(dir, SHANGHAI, builder);
        Dataset data = builder.build();
        FactTable orders = data.table("orders");
        double[] spend = new double[data.customers().size()];
        double[] amount = ((NumberColumn) orders.column("amount")).values();
        StringColumn status = (StringColumn) orders.column("status");
        int refunds = 0;
        for (int r = 0; r < orders.size(); r++) {
            spend[orders.customers()[r]] += amount[r];
            refunds += "refunded".equals(status.get(r)) ? 1 : 0;
        }
        double[] sorted = spend.clone();
        Arrays.sort(sorted);
        double total = Arrays.stream(sorted).sum();
        double top20 = Arrays.stream(sorted, (int) (sorted.length * 0.8), sorted.length).sum();
        assertThat(top20 / total).as("top 20% of customers' share of revenue").isGreaterThan(0.5);
        assertThat(Arrays.stream(spend).filter(v -> v == 0).count()).as("prospects").isGreaterThan(100);
        assertThat((double) refunds / orders.size()).isBetween(0.01, 0.06);
        long byMemberId = Files.readAllLines(dir.resolve("orders.csv")).stream().skip(1)
                .filter(l -> l.split(",", -1)[1].isEmpty()).count();
        assertThat(byMemberId).as("orders that name their buyer only by member_id").isPositive();
        assertThat(Files.readString(dir.resolve("messages.csv"))).contains("快吃完了").contains("还没吃完呢");
    }

    @Test
    void car_buyers_read_ten_or_more_different_articles() throws IOException {
        Path dir = write(Profile.AUTO, 1500, 5, "auto");
        DatasetBuilder builder = new DatasetBuilder(SHANGHAI, IdentityOptions.DEFAULT);
        new DataDirectoryReader().read(dir, SHANGHAI, builder);
        Dataset data = builder.build();
        FactTable events = data.table("events");
        StringColumn type = (StringColumn) events.column("type");
        StringColumn article = (StringColumn) events.column("article_id");
        var bought = data.customers().attribute("bought");
        int buyersWithTen = 0;
        for (int c = 0; c < data.customers().size(); c++) {
            if (!"true".equals(bought.format(c))) {
                continue;
            }
            Set<String> read = new HashSet<>();
            for (int r : events.rowsOf(c)) {
                if ("article_read".equals(type.get(r))) {
                    read.add(article.get(r));
                }
            }
            buyersWithTen += read.size() >= 10 ? 1 : 0;
        }
        assertThat(buyersWithTen).isPositive();
    }
}
