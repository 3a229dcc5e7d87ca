package io.siyu.engine;

import io.siyu.facts.Customers;
import io.siyu.facts.Dataset;
import io.siyu.facts.FactRows;
import io.siyu.facts.FactTable;
import io.siyu.facts.Facts;
import io.siyu.facts.IdentityKind;
import io.siyu.facts.PersonRef;
import io.siyu.identity.KeyIndex;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The facts live engines work from: the loaded data set, plus each touched customer's own small
 * tables (their loaded rows, then every fact that arrived since). Several engines — one per model
 * over the same data — share one instance, so a fact is added once however many models see it.
 */
public final class LiveFacts {
    /** Where a fact went: its customer's index, or why it was refused. */
    public record Added(int customer, String refusal) {
        public boolean added() {
            return refusal == null;
        }
    }

    private Dataset data;
    private final ZoneId zone;
    /**
     * Every identity of every customer, numbered, and the customer each number belongs to (-1: none
     * here): a map of {@code PersonRef} to boxed index was ~130 bytes and three objects per identity
     * (seven million identities at a million customers) for the collector to trace. The numbering
     * may be shared with the other fact stores of a server, so that a fact's person is searched
     * for once whichever stores take the fact ({@link KeyIndex} remembers its last key).
     */
    private final KeyIndex identityKeys;
    private int[] customerOfRef = new int[0];
    /** As {@link io.siyu.identity.IdentityOptions#forbidUnionIdMerge()}: no customer made live holds two UnionIDs. */
    private final boolean unionIdsApart;
    private final Map<String, Set<String>> appliedIds = new HashMap<>();
    /** Each table name's place in a customer's own tables: the four fact kinds first, any other as it appears. */
    private final List<String> tableSlots = new java.util.ArrayList<>(Dataset.TABLE_NAMES);
    /**
     * Each customer's own tables by slot, null while they have none: arrays, not maps, because
     * every fact looks its customer's table up (boxing and hashing were a tenth of applying one).
     * Made only when an engine must read all of a customer's rows of a table (their loaded rows,
     * then the day's from {@link #dayRows}); a fact that moves aggregates by itself needs none.
     */
    private FactTable[][] ownTables = new FactTable[0][];
    /**
     * The day's facts by slot: one shared table per kind, each row under its real customer index,
     * chained per customer. Copying a customer's loaded rows out on their first fact of the day was
     * most of what a fact cost the heap at a million customers (~2 KB, promoted, until midnight).
     */
    private DayRows[] dayRows = new DayRows[0];
    /** Customers with facts since loading (in {@link #dayRows}) or with own tables. */
    private final java.util.BitSet touched = new java.util.BitSet();

    /** False when the caller hands over only facts a store has already found new (it keeps the ids). */
    private final boolean checkIds;

    public LiveFacts(Dataset data, ZoneId zone) {
        this(data, zone, true);
    }

    /**
     * {@code checkIds} false: every fact added is new — the caller's store has de-duplicated them —
     * so the loaded ids need not be indexed and searched (millions of them in a large data set).
     */
    public LiveFacts(Dataset data, ZoneId zone, boolean checkIds) {
        this(data, zone, checkIds, new KeyIndex(), false);
    }

    /**
     * {@code identityKeys}: the numbering of identities, shared by the stores of one server (each
     * adds its customers' identities) or new. {@code unionIdsApart}: the data set was unified with
     * {@code forbid_unionid_merge}, and joins that would give a customer a second UnionID are left
     * to a rebuild, where which link is refused is decided as a batch run decides it.
     */
    public LiveFacts(Dataset data, ZoneId zone, boolean checkIds, KeyIndex identityKeys, boolean unionIdsApart) {
        this.checkIds = checkIds;
        this.data = data;
        this.zone = zone;
        this.identityKeys = identityKeys;
        this.unionIdsApart = unionIdsApart;
        Customers customers = data.customers();
        for (int c = 0; c < customers.size(); c++) {
            for (PersonRef ref : customers.identities(c)) {
                belongs(ref, c);
            }
        }
    }

    public Dataset data() {
        return data;
    }

    /** The customer index a reference points at, or -1. */
    public int customerOf(PersonRef ref) {
        int key = identityKeys.find(ref.kind(), ref.value());
        return key < 0 || key >= customerOfRef.length ? -1 : customerOfRef[key];
    }

    private void belongs(PersonRef ref, int customer) {
        int key = identityKeys.intern(ref.kind(), ref.value());
        if (key >= customerOfRef.length) {
            int old = customerOfRef.length;
            customerOfRef = java.util.Arrays.copyOf(customerOfRef, Math.max(key + 1, Math.max(1024, old * 2)));
            java.util.Arrays.fill(customerOfRef, old, customerOfRef.length, -1); // numbered by another store, not ours
        }
        customerOfRef[key] = customer;
    }

    /**
     * Adds a customer who is new to the loaded data, with every identity they are known by
     * ({@code refs}, their customer_id first). Returns their index, or -1 when one of the identities
     * already belongs to a loaded customer (then the two are one person and identities must be
     * unified again: a rebuild), or when UnionIDs are kept apart and they bring two of them.
     */
    public int addCustomer(Facts.Customer customer, List<PersonRef> refs) {
        for (PersonRef ref : refs) {
            if (customerOf(ref) >= 0) {
                return -1;
            }
        }
        if (unionIdsApart && severalUnionIds(refs, List.of())) {
            return -1;
        }
        lastTable = null;
        int index = data.customers().append(customer.customerId(), customer.attributes(), refs, zone);
        refs.forEach(r -> belongs(r, index));
        return index;
    }

    /**
     * Applies an identity link live where no unification is needed: identities new to the loaded
     * data join the one loaded customer the link names. Returns false when the link names two
     * loaded customers (they must be merged: a rebuild), or when UnionIDs are kept apart and the
     * customer would hold two of them (one link is refused: a rebuild finds which).
     */
    public boolean link(List<PersonRef> linked) {
        java.util.Set<Integer> known = new java.util.HashSet<>();
        List<PersonRef> fresh = new java.util.ArrayList<>();
        for (PersonRef ref : linked) {
            int c = customerOf(ref);
            if (c < 0) {
                fresh.add(ref);
            } else {
                known.add(c);
            }
        }
        if (known.size() > 1) {
            return false;
        }
        if (known.size() == 1 && !fresh.isEmpty()) {
            int c = known.iterator().next();
            if (unionIdsApart && severalUnionIds(fresh, data.customers().identities(c))) {
                return false;
            }
            fresh.forEach(r -> belongs(r, c));
            data.customers().addIdentities(c, fresh);
        }
        return true;
    }

    private static boolean severalUnionIds(List<PersonRef> refs, List<PersonRef> held) {
        String union = null;
        for (List<PersonRef> list : List.of(held, refs)) {
            for (PersonRef ref : list) {
                if (ref.kind() == IdentityKind.UNIONID) {
                    if (union != null && !union.equals(ref.value())) {
                        return true;
                    }
                    union = ref.value();
                }
            }
        }
        return false;
    }

    public Added add(Facts.Order o) {
        return add("orders", o.orderId(), o.person(), (t, c) -> FactRows.appendOrder(t, c, o, zone));
    }

    /**
     * Adds the lines of an order just added for {@code customer} (timed as the order, with each
     * product's category and cycle_days as loaded), so next-due dates (复购) move at once.
     */
    public void addItems(int customer, Facts.Order order, List<Facts.OrderItem> items) {
        if (productsBySku == null) {
            productsBySku = new HashMap<>();
            data.products().forEach(p -> productsBySku.put(p.sku(), p));
        }
        lastTable = null;
        for (Facts.OrderItem item : items) {
            Facts.Product product = productsBySku.get(item.sku());
            append(customer, "order_items", (t, c) -> FactRows.appendOrderItem(t, c, order.orderedAt(), item, product, zone));
        }
    }

    private Map<String, Facts.Product> productsBySku;

    public Added add(Facts.Event e) {
        return add("events", e.eventId(), e.person(), (t, c) -> FactRows.appendEvent(t, c, e, zone, keptEventProperties));
    }

    /**
     * Keeps events and messages only when {@code names} holds their table, from now on, as
     * {@link io.siyu.facts.DatasetBuilder#keepOnlyTables} did for the loaded ones ({@link Dataset#keeps});
     * a fact of a table not kept still finds its customer (the playbooks act on it) but adds no row.
     */
    public LiveFacts keepOnlyTables(Set<String> names) {
        this.keptTables = Set.copyOf(names);
        return this;
    }

    private Set<String> keptTables;

    /** Event properties no model reads are not kept (null: all are), as a load with the same option keeps them. */
    private Set<String> keptEventProperties;

    /**
     * Keeps only these event properties of the events added from now on, as
     * {@link io.siyu.facts.DatasetBuilder#keepOnlyEventProperties} did for the loaded ones: other
     * properties (utm tags, page URLs …) would otherwise become columns of the whole events table
     * when the day's facts are folded in ({@link #compact}).
     */
    public LiveFacts keepOnlyEventProperties(Set<String> names) {
        this.keptEventProperties = Set.copyOf(names);
        return this;
    }

    public Added add(Facts.Message m) {
        return add("messages", m.messageId(), m.person(), (t, c) -> FactRows.appendMessage(t, c, m, zone));
    }

    /** Appends one fact as a row of a table, under the customer index given. */
    @FunctionalInterface
    private interface RowAppender {
        int append(FactTable table, int customer);
    }

    /** The day's rows of one kind of fact, chained per customer (first, last, next: -1 for none). */
    private static final class DayRows {
        final FactTable table;
        int[] first = new int[0];
        int[] last = new int[0];
        int[] next = new int[64];

        DayRows(FactTable table) {
            this.table = table;
        }

        void link(int customer, int row) {
            if (customer >= first.length) {
                int n = Math.max(customer + 1, first.length + (first.length >> 1) + 16);
                int old = first.length;
                first = java.util.Arrays.copyOf(first, n);
                last = java.util.Arrays.copyOf(last, n);
                java.util.Arrays.fill(first, old, n, -1);
                java.util.Arrays.fill(last, old, n, -1);
            }
            if (row >= next.length) {
                next = java.util.Arrays.copyOf(next, Math.max(row + 1, next.length * 2));
            }
            next[row] = -1;
            if (last[customer] < 0) {
                first[customer] = row;
            } else {
                next[last[customer]] = row;
            }
            last[customer] = row;
        }

        boolean has(int customer) {
            return customer < first.length && first[customer] >= 0;
        }

        /** The customer's rows in the order they came. */
        int[] rowsOf(int customer) {
            int n = 0;
            int[] rows = new int[4];
            for (int r = has(customer) ? first[customer] : -1; r >= 0; r = next[r]) {
                if (n == rows.length) {
                    rows = java.util.Arrays.copyOf(rows, n * 2);
                }
                rows[n++] = r;
            }
            return java.util.Arrays.copyOf(rows, n);
        }
    }

    private DayRows dayRows(int slot, String name) {
        if (slot >= dayRows.length) {
            dayRows = java.util.Arrays.copyOf(dayRows, tableSlots.size());
        }
        DayRows d = dayRows[slot];
        if (d == null) {
            FactTable base = data.table(name);
            // every column the loaded table has, so an engine reading the row added finds each one
            d = new DayRows(base == null ? new FactTable(name, 64) : base.copyRows(new int[0]));
            dayRows[slot] = d;
        }
        return d;
    }

    private int slotOf(String name) {
        for (int i = 0; i < tableSlots.size(); i++) {
            if (tableSlots.get(i) == name) { // facts name their table with a handful of literals
                return i;
            }
        }
        int slot = tableSlots.indexOf(name);
        if (slot < 0) {
            slot = tableSlots.size();
            tableSlots.add(name);
        }
        return slot;
    }

    /** Adds a fact row to the day's rows (and to the customer's own table when they have one); returns its day row. */
    private int append(int customer, String name, RowAppender appender) {
        int slot = slotOf(name);
        DayRows d = dayRows(slot, name);
        int row = appender.append(d.table, customer);
        d.link(customer, row);
        FactTable own = ownTable(customer, slot);
        if (own != null) {
            appender.append(own, 0);
        }
        touched.set(customer);
        return row;
    }

    private Added add(String table, String id, PersonRef person, RowAppender append) {
        int customer = customerOf(person);
        if (customer < 0) {
            return new Added(-1, "unknown customer " + person + ": load the customer (or an identity link to one) first");
        }
        if (!Dataset.keeps(keptTables, table)) {
            lastTable = null; // no model here reads the table: the fact is only the customer's occasion
            return new Added(customer, null);
        }
        if (checkIds && id != null && !isNew(table, id)) {
            return new Added(customer, "repeat: " + table + " id '" + id + "' was already applied");
        }
        int row = append(customer, table, append);
        lastCustomer = customer;
        lastTable = table;
        lastRow = row;
        return new Added(customer, null);
    }

    /** The customer, table and row of the fact added last (order lines and new customers clear it). */
    private int lastCustomer = -1;
    private String lastTable;
    private int lastRow = -1;

    /**
     * The row of {@link #lastAdded} that the last {@code add} filled, or -1 when the last thing
     * added was something else: engines then recompute that table's aggregates in full.
     */
    int lastRow(int customer, String table) {
        return customer == lastCustomer && table.equals(lastTable) ? lastRow : -1;
    }

    /** The table holding the row {@link #lastRow} names: the day's rows of that kind, under real customer indexes. */
    FactTable lastAdded() {
        return lastTable == null ? null : dayRows[slotOf(lastTable)].table;
    }

    private boolean isNew(String table, String id) {
        FactTable base = data.table(table);
        if (base != null && base.ids() != null && base.ids().find(id) >= 0) {
            return false;
        }
        return appliedIds.computeIfAbsent(table, k -> new HashSet<>()).add(id);
    }

    /**
     * Folds every customer's own tables back into the data set's tables (sorted by customer, as
     * loaded) and forgets them, so what the live facts hold stays bounded by the customers of one
     * day rather than growing with every customer ever touched. The loaded tables change in place
     * ({@link FactTable#replaceRowsOf}: a copy would need their size again, more than a large
     * server has to spare), so an engine built before reads the folded rows through the same table
     * objects: at the day change the server goes on applying facts to the models it has not moved to
     * the new day yet, one model at a time. A table the data set did not have is new, and only engines
     * built after see it (the data sets the server loads have all four kinds). Facts added live keep
     * no id in the tables.
     */
    public void compact() {
        if (touched.isEmpty()) {
            return;
        }
        Map<String, FactTable> tables = new LinkedHashMap<>(data.tables());
        for (int slot = 0; slot < tableSlots.size(); slot++) {
            String name = tableSlots.get(slot);
            List<Integer> customers = new java.util.ArrayList<>();
            List<FactTable> owns = new java.util.ArrayList<>();
            DayRows day = slot < dayRows.length ? dayRows[slot] : null;
            for (int c = touched.nextSetBit(0); c >= 0; c = touched.nextSetBit(c + 1)) {
                FactTable own = ownTable(c, slot) != null || (day != null && day.has(c)) ? table(c, name) : null;
                if (own != null && own.size() > 0) { // empty: the customer had no row there, and has none
                    customers.add(c);
                    owns.add(own);
                }
            }
            if (owns.isEmpty()) {
                continue;
            }
            FactTable base = tables.computeIfAbsent(name, n -> new FactTable(n, 16));
            base.replaceRowsOf(customers.stream().mapToInt(Integer::intValue).toArray(), owns.toArray(FactTable[]::new), zone);
        }
        data = new Dataset(data.zone(), data.customers(), tables, data.staff(), data.products());
        ownTables = new FactTable[0][];
        dayRows = new DayRows[0];
        touched.clear();
        lastCustomer = -1;
        lastTable = null;
        lastRow = -1;
    }

    /** The customers who have own tables (facts arrived for them, or their rows were read since loading), ascending. */
    public int[] customersWithOwnFacts() {
        return touched.stream().toArray();
    }

    /** Whether the customer has an own copy of that table (made only when all their rows were read). */
    boolean hasOwnTable(int customer, String name) {
        int slot = tableSlots.indexOf(name);
        return slot >= 0 && ownTable(customer, slot) != null;
    }

    /** The customer's own table in that slot, or null. */
    private FactTable ownTable(int customer, int slot) {
        FactTable[] tables = customer < ownTables.length ? ownTables[customer] : null;
        return tables == null || slot >= tables.length ? null : tables[slot];
    }

    /**
     * One of the customer's own tables: their loaded rows, copied out of the big table the first
     * time that table is needed for them (a chat message copies only their messages), then every
     * fact that arrived since.
     */
    FactTable table(int customer, String name) {
        int slot = slotOf(name);
        if (customer >= ownTables.length) { // by half again: customers arriving one by one do not copy it each time
            ownTables = java.util.Arrays.copyOf(ownTables, Math.max(customer + 1, Math.max(data.customers().size(),
                    ownTables.length + (ownTables.length >> 1) + 16)));
        }
        FactTable[] tables = ownTables[customer];
        if (tables == null) {
            tables = new FactTable[tableSlots.size()];
            ownTables[customer] = tables;
            touched.set(customer);
        } else if (slot >= tables.length) {
            tables = java.util.Arrays.copyOf(tables, tableSlots.size());
            ownTables[customer] = tables;
        }
        FactTable own = tables[slot];
        if (own == null) {
            FactTable base = data.table(name);
            own = base == null ? new FactTable(name, 4) : base.copyRows(base.rowsOf(customer));
            int[] cust = own.customers();
            for (int i = 0; i < own.size(); i++) {
                cust[i] = 0; // the customer's own tables hold one customer: index 0
            }
            DayRows day = slot < dayRows.length ? dayRows[slot] : null;
            if (day != null && day.has(customer)) {
                own.appendRowsOf(day.table, day.rowsOf(customer), 0, zone);
            }
            tables[slot] = own;
        }
        return own;
    }
}
