package io.siyu.engine;

import io.siyu.facts.Column;
import io.siyu.facts.Customers;
import io.siyu.facts.Dataset;
import io.siyu.facts.FactTable;
import io.siyu.facts.NumberColumn;
import io.siyu.facts.StringColumn;
import io.siyu.model.Definition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * The result of evaluating a model over every customer as of one instant: one column per
 * definition (numbers, times, strings; tiers as strings), yes/no values as {@link Flags},
 * population statistics, tier labels, selections, and each customer's paid spend for reports.
 */
public final class Profiles implements ValueSource {
    private final CompiledModel model;
    private final Dataset dataset;
    private final Instant asOf;
    private final Map<String, Column> columns = new LinkedHashMap<>();
    private final Map<String, Column> attributeColumns = new LinkedHashMap<>();
    private final Map<String, Flags> attributeFlags = new LinkedHashMap<>();
    private final Map<String, Flags> flags = new LinkedHashMap<>();
    private final Map<String, Double> stats = new LinkedHashMap<>();
    private final Map<String, StringColumn> tierLabels = new LinkedHashMap<>();
    private final Map<String, List<SelectionPick>> selections = new LinkedHashMap<>();
    private final Map<String, RoaringBitmap> tierMembers = new LinkedHashMap<>();
    private NumberColumn spend;
    private NumberColumn paidOrders;

    /** One customer picked by a selection: its position, the group it came from. */
    public record SelectionPick(int position, int customer, String fromGroup) {}

    Profiles(CompiledModel model, Dataset dataset, Instant asOf) {
        this.model = model;
        this.dataset = dataset;
        this.asOf = asOf;
    }

    public CompiledModel model() {
        return model;
    }

    public Dataset dataset() {
        return dataset;
    }

    public Customers customers() {
        return dataset.customers();
    }

    public Instant asOf() {
        return asOf;
    }

    public int size() {
        return dataset.customers().size();
    }

    /** An attribute as the model declared it: a column, or {@link Flags} for bool attributes. */
    /**
     * Makes room for the customer just appended to the data set (the last index): null in every
     * column a customer has (columns shared with the data set already have their value), false in
     * every flag. Flags are replaced by longer ones, so plans over them must be made again.
     */
    void appendCustomer() {
        int n = size();
        for (Column c : columns.values()) {
            padTo(c, n);
        }
        for (Column c : attributeColumns.values()) {
            padTo(c, n);
        }
        for (Column c : tierLabels.values()) {
            padTo(c, n);
        }
        if (spend != null) {
            while (spend.size() < n) {
                spend.append(0);
            }
            while (paidOrders.size() < n) {
                paidOrders.append(0);
            }
        }
        flags.replaceAll((k, f) -> f.grownTo(n));
        attributeFlags.replaceAll((k, f) -> f.grownTo(n));
        tierMembers.clear();
    }

    private static void padTo(Column c, int n) {
        while (c.size() < n) {
            c.appendText(null, java.time.ZoneOffset.UTC);
        }
    }

    /** A bool attribute's flags, or null. */
    Flags attributeFlags(String name) {
        return attributeFlags.get(name);
    }

    void putAttribute(String name, Object value) {
        if (value instanceof Flags f) {
            attributeFlags.put(name, f);
        } else {
            attributeColumns.put(name, (Column) value);
        }
    }

    @Override
    public Column column(String name) {
        Column c = columns.get(name);
        return c != null ? c : attributeColumns.get(name);
    }

    @Override
    public Flags flags(String name) {
        Flags f = flags.get(name);
        return f != null ? f : attributeFlags.get(name);
    }

    @Override
    public Double constant(String name) {
        return stats.get(name);
    }

    void putColumn(String name, Column column) {
        columns.put(name, column);
    }

    void putFlags(Flags f) {
        flags.put(f.name(), f);
    }

    void putStat(String name, double value) {
        stats.put(name, value);
    }

    void putTierLabels(String tier, StringColumn labels) {
        tierLabels.put(tier, labels);
    }

    void putSelection(String name, List<SelectionPick> picks) {
        selections.put(name, List.copyOf(picks));
    }


    public Map<String, Column> columns() {
        return Collections.unmodifiableMap(columns);
    }

    public Map<String, Flags> allFlags() {
        return Collections.unmodifiableMap(flags);
    }

    public Map<String, Double> stats() {
        return Collections.unmodifiableMap(stats);
    }

    public StringColumn tierLabels(String tier) {
        return tierLabels.get(tier);
    }

    public Map<String, List<SelectionPick>> selections() {
        return Collections.unmodifiableMap(selections);
    }

    /**
     * Paid order amount per customer up to as-of (0 without orders): the basis of ARPU in reports.
     * Computed on first use, so evaluations that never report do not pay for it.
     */
    public synchronized NumberColumn spend() {
        if (spend == null) {
            computeSpend();
        }
        return spend;
    }

    /** Paid (not refunded) orders per customer up to as-of. */
    public synchronized NumberColumn paidOrders() {
        if (paidOrders == null) {
            computeSpend();
        }
        return paidOrders;
    }

    /** The live engine keeps spend current fact by fact and hands it over after a refresh. */
    synchronized void overrideSpend(NumberColumn spend, NumberColumn paidOrders) {
        this.spend = spend;
        this.paidOrders = paidOrders;
    }

    private void computeSpend() {
        int customers = size();
        double[] total = new double[customers];
        double[] count = new double[customers];
        FactTable table = dataset.table("orders");
        if (table != null) {
            StringColumn status = (StringColumn) table.column("status");
            int refunded = status == null ? -2 : status.dictionary().lookup("refunded");
            double[] amount = ((NumberColumn) table.column("amount")).values();
            int[] cust = table.customers();
            long[] time = table.times();
            int[] codes = status == null ? null : status.codes();
            long asOfSecond = asOf.getEpochSecond();
            for (int r = 0; r < table.size(); r++) {
                if (time[r] <= asOfSecond && (codes == null || codes[r] != refunded)) {
                    double a = amount[r];
                    if (a == a) {
                        total[cust[r]] += a;
                    }
                    count[cust[r]]++;
                }
            }
        }
        spend = new NumberColumn("spend", total);
        paidOrders = new NumberColumn("paid_orders", count);
    }

    /** Forgets the member bitmaps of a tier or stage after a customer moved in it (they are rebuilt when asked for). */
    synchronized void tierMoved(String tier) {
        tierMembers.keySet().removeIf(k -> k.startsWith(tier + "\u0000"));
    }

    /** The customers holding one value of a tier, as a bitmap (built once per value). */
    public synchronized RoaringBitmap tierMembers(String tier, String value) {
        return tierMembers.computeIfAbsent(tier + "\u0000" + value, k -> {
            StringColumn column = (StringColumn) columns.get(tier);
            int code = column.dictionary().lookup(value);
            RoaringBitmap bitmap = new RoaringBitmap();
            int[] codes = column.codes();
            for (int i = 0; i < column.size(); i++) {
                if (codes[i] == code) {
                    bitmap.add(i);
                }
            }
            bitmap.runOptimize();
            return bitmap;
        });
    }

    /** The value of any definition or attribute for one customer, as text (flags as true/false). */
    public String format(String name, int customer) {
        Flags f = flags(name);
        if (f != null) {
            return Boolean.toString(f.get(customer));
        }
        Double stat = stats.get(name);
        if (stat != null) {
            return NumberColumn.formatNumber(stat);
        }
        Column c = column(name);
        return c == null ? "" : c.format(customer);
    }

    /** The profile columns, in model order: every definition but population statistics. */
    public List<String> outputColumns() {
        List<String> out = new ArrayList<>();
        for (Definition d : model.model().definitions()) {
            if (d instanceof Definition.Stat) {
                continue;
            }
            out.add(d.name());
            if (d instanceof Definition.Tier t && t.hasLabels()) {
                out.add(d.name() + "_label");
            }
            if (d instanceof Definition.Stage s) {
                out.add(s.sinceName());
                if (!s.labels().isEmpty()) {
                    out.add(d.name() + "_label");
                }
            }
        }
        return out;
    }

    /** Like {@link #format} but also knows the {@code <tier>_label} columns. */
    public String formatOutput(String column, int customer) {
        if (column.endsWith("_label") && tierLabels.containsKey(column.substring(0, column.length() - 6))) {
            return tierLabels.get(column.substring(0, column.length() - 6)).format(customer);
        }
        if (column.endsWith("_label") && model.model().definition(column.substring(0, column.length() - 6))
                .orElse(null) instanceof Definition.Stage s) {
            String label = s.labelOf(format(s.name(), customer));
            return label == null ? "" : label;
        }
        return format(column, customer);
    }
}
