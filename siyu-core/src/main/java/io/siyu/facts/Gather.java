package io.siyu.facts;

/**
 * Column values picked by row order ({@code out[i] = values[order[i]]}), into a new array with room
 * for at least 16: how every column and a table's own arrays are sorted or filtered ({@link Column#reorder}).
 */
final class Gather {
    private Gather() {}

    static int[] ints(int[] values, int[] order) {
        int[] out = new int[Math.max(16, order.length)];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    static long[] longs(long[] values, int[] order) {
        long[] out = new long[Math.max(16, order.length)];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    static double[] doubles(double[] values, int[] order) {
        double[] out = new double[Math.max(16, order.length)];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }
}
