package io.siyu.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Locale;
import java.util.Map;

/** Renders reports as Markdown (for people and terminals) and JSON (for programs). */
public final class ReportFormat {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportFormat() {}

    public static String json(Object report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("report is not serialisable", e);
        }
    }

    public static String markdown(LayerReport r) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(r.model()).append(" — ").append(r.customers()).append(" customers as of ")
                .append(r.asOf()).append("\n");
        for (LayerReport.Layer layer : r.tiers()) {
            out.append("\n## tier ").append(layer.name()).append("\n\n");
            boolean labels = layer.rows().stream().anyMatch(x -> x.label() != null);
            table(out, labels, layer.rows());
        }
        if (!r.tags().isEmpty()) {
            out.append("\n## tags (overlapping)\n\n");
            table(out, false, r.tags());
        }
        if (!r.segments().isEmpty()) {
            out.append("\n## segments\n\n");
            table(out, false, r.segments());
        }
        for (LayerReport.SelectionSummary s : r.selections()) {
            out.append("\n## selection ").append(s.name()).append(": ").append(s.picked()).append(" picked\n\n");
            out.append("| from | picked |\n|---|---:|\n");
            s.byGroup().forEach((g, c) -> out.append("| ").append(g).append(" | ").append(c).append(" |\n"));
        }
        if (!r.stats().isEmpty()) {
            out.append("\n## population statistics\n\n| name | value |\n|---|---:|\n");
            r.stats().forEach((k, v) -> out.append("| ").append(k).append(" | ").append(num(v)).append(" |\n"));
        }
        return out.toString();
    }

    private static void table(StringBuilder out, boolean labels, java.util.List<LayerReport.Row> rows) {
        out.append("| value | customers | share | ARPU | total spend |").append(labels ? " strategy |" : "").append('\n');
        out.append("|---|---:|---:|---:|---:|").append(labels ? "---|" : "").append('\n');
        for (LayerReport.Row row : rows) {
            out.append("| ").append(row.value()).append(" | ").append(row.count()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f%%", row.share() * 100)).append(" | ")
                    .append(money(row.arpu())).append(" | ").append(money(row.totalSpend())).append(" |");
            if (labels) {
                out.append(' ').append(row.label() == null ? "" : row.label()).append(" |");
            }
            out.append('\n');
        }
    }

    public static String markdown(String layer, Map<String, Map<String, Long>> matrix) {
        java.util.Set<String> to = new java.util.LinkedHashSet<>();
        matrix.values().forEach(m -> to.addAll(m.keySet()));
        StringBuilder out = new StringBuilder("## migration of ").append(layer).append(" (rows: before, columns: after)\n\n");
        out.append("| before \\ after |");
        to.forEach(t -> out.append(' ').append(t).append(" |"));
        out.append("\n|---|");
        to.forEach(t -> out.append("---:|"));
        out.append('\n');
        matrix.forEach((from, row) -> {
            out.append("| ").append(from).append(" |");
            to.forEach(t -> out.append(' ').append(row.getOrDefault(t, 0L)).append(" |"));
            out.append('\n');
        });
        return out.toString();
    }

    static String money(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String num(double v) {
        return io.siyu.facts.NumberColumn.formatNumber(v);
    }
}
