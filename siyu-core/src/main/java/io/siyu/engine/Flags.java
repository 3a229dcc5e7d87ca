package io.siyu.engine;

import org.roaringbitmap.RoaringBitmap;

/**
 * A yes/no value per customer (a tag, a segment, a boolean derived value): a {@code boolean[]}
 * for evaluation and the same membership as a compressed bitmap for counting audiences.
 */
public final class Flags {
    private final String name;
    private final boolean[] values;
    private RoaringBitmap members;

    public Flags(String name, boolean[] values) {
        this.name = name;
        this.values = values;
    }

    /**
     * The same flags with room for {@code size} customers (the new ones false); grows by half again,
     * so customers arriving one by one do not copy the array each time.
     */
    Flags grownTo(int size) {
        if (size <= values.length) {
            return this;
        }
        Flags grown = new Flags(name, java.util.Arrays.copyOf(values, Math.max(size, values.length + (values.length >> 1) + 16)));
        grown.members = members; // still right: the new customers are all false
        return grown;
    }

    public String name() {
        return name;
    }

    public boolean get(int customer) {
        return values[customer];
    }

    public boolean[] values() {
        return values;
    }

    /** Changes one customer's value, keeping the bitmap (if already built) in step. */
    public synchronized void set(int customer, boolean value) {
        values[customer] = value;
        if (members != null) {
            if (value) {
                members.add(customer);
            } else {
                members.remove(customer);
            }
        }
    }

    /** The customers for whom the flag holds; built once, then shared (do not modify). */
    public synchronized RoaringBitmap members() {
        if (members == null) {
            RoaringBitmap bitmap = new RoaringBitmap();
            for (int i = 0; i < values.length; i++) {
                if (values[i]) {
                    bitmap.add(i);
                }
            }
            bitmap.runOptimize();
            members = bitmap;
        }
        return members;
    }

    public int count() {
        return members().getCardinality();
    }
}
