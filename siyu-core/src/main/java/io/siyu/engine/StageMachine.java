package io.siyu.engine;

import io.siyu.facts.Column;
import io.siyu.facts.FactTable;
import io.siyu.facts.StringColumn;
import io.siyu.facts.TimeColumn;
import io.siyu.model.Definition;
import java.util.Arrays;
import java.util.List;

/**
 * Walks every customer's stage (阶段) through their events in time order: it starts at the
 * stage's start value when the customer was added, a grading event sets it, an up event lifts it
 * (never lowers it), and between events the down timers fire — at the first local midnight at or
 * after they fall due, so a run as of the end of a day never moves a customer before their time
 * (the server evaluates as of the end of the current day). The result — the stage as of the
 * as-of instant and when it was entered — depends only on the customer's events, their
 * registered_at and the as-of instant, so batch and live runs agree by construction.
 */
final class StageMachine {
    private static final long NULL = TimeColumn.NULL;

    private final Definition.Stage stage;
    private final int start;
    private final int[] downTo;
    private final long[] downAfter;
    private final boolean[] downFromAdded;
    private final int[] downUnless;
    private final boolean[][] downFrom;
    private final List<String> unlessTypes;
    private final java.time.ZoneId zone;
    /** The zone's offset when it has no daylight saving (the common case), else null. */
    private final Long fixedOffset;

    StageMachine(Definition.Stage stage, java.time.ZoneId zone) {
        this.stage = stage;
        this.zone = zone;
        this.fixedOffset = zone.getRules().isFixedOffset()
                ? (long) zone.getRules().getOffset(java.time.Instant.EPOCH).getTotalSeconds() : null;
        this.start = stage.rank(stage.start());
        int n = stage.down().size();
        downTo = new int[n];
        downAfter = new long[n];
        downFromAdded = new boolean[n];
        downUnless = new int[n];
        downFrom = new boolean[n][stage.values().size()];
        unlessTypes = stage.down().stream().map(Definition.StageDown::unless).filter(u -> u != null).distinct().toList();
        if (unlessTypes.size() > 62) { // one bit each in a long, beside the SET bit
            throw new IllegalArgumentException("stage '" + stage.name() + "' names " + unlessTypes.size()
                    + " different 'unless' event types; at most 62");
        }
        for (int k = 0; k < n; k++) {
            Definition.StageDown d = stage.down().get(k);
            downTo[k] = stage.rank(d.to());
            downAfter[k] = d.after().getSeconds();
            downFromAdded[k] = d.fromAdded();
            downUnless[k] = d.unless() == null ? -1 : unlessTypes.indexOf(d.unless());
            for (String f : d.from()) {
                downFrom[k][stage.rank(f)] = true;
            }
        }
    }

    /** The per-type-code tables of the dictionary they were built for (and its size then). */
    private io.siyu.facts.Dictionary tablesOf;
    private int tablesSize;
    private long[] actions;
    private int[] upTos;

    /** The stage column and its {@code <name>_since} column for every customer as of {@code asOf}. */
    Column[] compute(FactTable events, Column setByField, long[] addedAt, int customers, long asOf) {
        StringColumn types = events == null ? null : (StringColumn) events.column("type");
        if (types != null && (types.dictionary() != tablesOf || types.dictionary().size() != tablesSize)) {
            // by type code, once per dictionary: the live engine walks one customer's events per fact
            tablesOf = types.dictionary();
            tablesSize = tablesOf.size();
            actions = actionsOf(types);
            upTos = upTargets(types);
        }
        long[] typeAction = types == null ? new long[0] : actions;
        int[] typeUpTo = types == null ? new int[0] : upTos;
        int[] typeCodes = types == null ? new int[0] : types.codes();
        int[] rows = relevantRows(events, asOf, typeAction, typeUpTo);
        int[] sorted = rows;
        if (rows.length > 1) {
            long[] byTime = new long[rows.length];
            for (int i = 0; i < rows.length; i++) {
                byTime[i] = events.times()[rows[i]] ^ Long.MIN_VALUE;
            }
            sorted = RadixSort.sort(rows, byTime);
            long[] byCustomer = new long[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                byCustomer[i] = events.customers()[sorted[i]];
            }
            sorted = RadixSort.sort(sorted, byCustomer);
        }
        StringColumn values = new StringColumn(stage.name(), customers);
        int[] codes = new int[stage.values().size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = values.dictionary().encode(stage.values().get(i));
        }
        TimeColumn since = new TimeColumn(stage.sinceName(), zone, customers);
        StringColumn field = setByField instanceof StringColumn s ? s : null;
        long[] lastUnless = new long[unlessTypes.size()];
        Walk walk = new Walk();
        int i = 0;
        for (int c = 0; c < customers; c++) {
            Arrays.fill(lastUnless, NULL);
            int first = i;
            while (i < sorted.length && events.customers()[sorted[i]] == c) {
                i++;
            }
            // without registered_at the walk starts at the first relevant event, which then counts as added
            long added = addedAt[c] != NULL ? addedAt[c] : first < i ? events.times()[sorted[first]] : NULL;
            walk.stage = start;
            walk.entered = added;
            for (int k = first; k < i; k++) {
                int row = sorted[k];
                long t = events.times()[row];
                advance(walk, added, lastUnless, t, false);
                long action = typeAction[typeCodes[row]];
                if ((action & SET) != 0 && field != null) {
                    int rank = field.code(row) < 0 ? -1 : stage.rank(field.get(row));
                    if (rank >= 0) {
                        walk.stage = rank;
                        walk.entered = t;
                    }
                }
                int upTo = typeUpTo[typeCodes[row]];
                if (upTo >= 0 && upTo <= walk.stage) {
                    walk.stage = upTo;
                    walk.entered = t;
                }
                for (int u = 0; u < unlessTypes.size(); u++) {
                    if ((action & (UNLESS << u)) != 0L) {
                        lastUnless[u] = t;
                    }
                }
            }
            advance(walk, added, lastUnless, asOf, true);
            values.appendCode(codes[walk.stage]);
            since.append(walk.entered);
        }
        return new Column[] {values, since};
    }

    private static final long SET = 1;
    private static final long UNLESS = 2;

    /** What an event type does besides lifting, per type code: the SET bit and one UNLESS bit per unless type. */
    private long[] actionsOf(StringColumn types) {
        long[] out = new long[types.dictionary().size()];
        for (int code = 0; code < out.length; code++) {
            String type = types.dictionary().decode(code);
            long a = type.equals(stage.setByEvent()) ? SET : 0;
            int u = unlessTypes.indexOf(type);
            if (u >= 0) {
                a |= UNLESS << u;
            }
            out[code] = a;
        }
        return out;
    }

    /** The best stage each event type lifts to (0 = best), or -1. */
    private int[] upTargets(StringColumn types) {
        int[] out = new int[types.dictionary().size()];
        Arrays.fill(out, -1);
        for (int code = 0; code < out.length; code++) {
            String type = types.dictionary().decode(code);
            for (Definition.StageUp up : stage.up()) {
                if (up.eventType().equals(type)) {
                    int to = stage.rank(up.to());
                    out[code] = out[code] < 0 ? to : Math.min(out[code], to);
                }
            }
        }
        return out;
    }

    /** The events up to as-of that set, lift or cancel a timer of this stage. */
    private static int[] relevantRows(FactTable events, long asOf, long[] action, int[] upTo) {
        if (events == null || events.size() == 0) {
            return new int[0];
        }
        int[] codes = ((StringColumn) events.column("type")).codes();
        long[] times = events.times();
        int[] rows = new int[16];
        int n = 0;
        for (int r = 0; r < events.size(); r++) {
            int code = codes[r];
            if (times[r] <= asOf && code >= 0 && (action[code] != 0 || upTo[code] >= 0)) {
                if (n == rows.length) {
                    rows = Arrays.copyOf(rows, n * 2);
                }
                rows[n++] = r;
            }
        }
        return Arrays.copyOf(rows, n);
    }

    /** The first local midnight at or after {@code t}: when a timer due at {@code t} fires. */
    private long firstMidnightFrom(long t) {
        if (fixedOffset != null) {
            long midnight = Math.floorDiv(t + fixedOffset, 86_400L) * 86_400L - fixedOffset;
            return midnight == t ? t : midnight + 86_400L;
        }
        java.time.ZonedDateTime local = java.time.Instant.ofEpochSecond(t).atZone(zone);
        java.time.ZonedDateTime midnight = local.toLocalDate().atStartOfDay(zone);
        return midnight.toEpochSecond() == t ? t : local.toLocalDate().plusDays(1).atStartOfDay(zone).toEpochSecond();
    }

    /** The stage being walked: its rank (0 = best) and when it was entered. */
    private static final class Walk {
        int stage;
        long entered;
    }

    /**
     * Fires the down timers due before {@code until} (or at it, when {@code inclusive}), earliest
     * first. Each firing lowers the stage, so this ends after at most one firing per value.
     */
    private void advance(Walk walk, long added, long[] lastUnless, long until, boolean inclusive) {
        while (true) {
            int best = -1;
            long bestAt = Long.MAX_VALUE;
            for (int k = 0; k < downTo.length; k++) {
                if (!downFrom[k][walk.stage]) {
                    continue;
                }
                long anchor = downFromAdded[k] ? added : walk.entered;
                if (anchor == NULL) {
                    continue;
                }
                long due = anchor + downAfter[k];
                long at = firstMidnightFrom(due);
                // a check that fell due before the stage was entered belongs to an earlier stage
                if (due < walk.entered || (downUnless[k] >= 0 && lastUnless[downUnless[k]] != NULL
                        && lastUnless[downUnless[k]] >= anchor)) {
                    continue;
                }
                if ((inclusive ? at <= until : at < until) && at < bestAt) {
                    best = k;
                    bestAt = at;
                }
            }
            if (best < 0) {
                return;
            }
            walk.stage = downTo[best];
            walk.entered = bestAt;
        }
    }
}
