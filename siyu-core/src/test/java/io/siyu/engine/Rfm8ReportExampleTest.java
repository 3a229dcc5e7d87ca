package io.siyu.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.siyu.report.LayerReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tier report of examples/rfm-8.yaml on the seven customers of ExampleModelsTest, as of 2024-07-01. */
class Rfm8ReportExampleTest {
    @TempDir
    Path dir;

    @Test
    void report_gives_count_share_total_spend_and_arpu_per_rfm_class_in_rule_order() {
        Profiles p = new ModelFixture(dir).rfm8Customers()
                .evaluateExample("rfm-8", "2024-07-01");
        LayerReport report = LayerReport.of(p);
        assertThat(report.model()).isEqualTo("rfm-8");
        assertThat(report.customers()).isEqualTo(7);
        assertThat(report.asOf()).isEqualTo("2024-07-01T23:59:59+08:00");
        // classes (ExampleModelsTest): A 一般价值, B 一般挽留, C 重要发展, D 重要保持, E F G 无消费
        // spend = paid orders up to as-of: A 100+200 = 300; B 50; C 1000; D 400+300+500 = 1200;
        // E 0 (refunded), F 0 (its order is after as-of), G 0. Share = count / 7; ARPU = total / count (0 when empty).
        LayerReport.Layer layer = report.tiers().get(0);
        assertThat(layer.name()).isEqualTo("rfm_class");
        double seventh = 1.0 / 7;
        assertThat(layer.rows())
                .extracting(LayerReport.Row::value, LayerReport.Row::count, LayerReport.Row::share,
                        LayerReport.Row::totalSpend, LayerReport.Row::arpu)
                .containsExactly(
                        tuple("无消费", 3L, 3.0 / 7, 0.0, 0.0),
                        tuple("重要价值客户", 0L, 0.0, 0.0, 0.0),
                        tuple("重要发展客户", 1L, seventh, 1000.0, 1000.0),
                        tuple("重要保持客户", 1L, seventh, 1200.0, 1200.0),
                        tuple("重要挽留客户", 0L, 0.0, 0.0, 0.0),
                        tuple("一般价值客户", 1L, seventh, 300.0, 300.0),
                        tuple("一般发展客户", 0L, 0.0, 0.0, 0.0),
                        tuple("一般保持客户", 0L, 0.0, 0.0, 0.0),
                        tuple("一般挽留客户", 1L, seventh, 50.0, 50.0));
        assertThat(layer.rows().get(0).label()).isEqualTo("未成交, 先培育兴趣");
        assertThat(layer.rows().get(8).label()).isEqualTo("低价值沉睡, 批量召回");
        // all spend: 300 + 50 + 1000 + 1200 = 2550
        assertThat(layer.rows().stream().mapToDouble(LayerReport.Row::totalSpend).sum()).isEqualTo(2550.0);
        assertThat(report.stats()).containsEntry("mean_monetary", 637.5);
    }
}
