package org.ethervpn.load;

import java.util.Arrays;

/** Durations in nanoseconds, kept whole (a run records at most some hundred thousand). */
final class Latencies {
    private long[] values = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** The {@code p}-th percentile (0..100) in seconds, NaN when empty. */
    synchronized double percentileSeconds(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100 * size) - 1;
        return sorted[Math.clamp(i, 0, size - 1)] / 1e9;
    }

    synchronized void clear() {
        size = 0;
    }
}
