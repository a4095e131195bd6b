package io.jarbiter.bench;

import java.util.Arrays;

/** Call latencies in nanoseconds, recorded by one thread at a time (the caller serialises). */
final class Latencies {
    private long[] nanos = new long[1 << 16];
    private int n;

    void add(long latencyNanos) {
        if (n == nanos.length) nanos = Arrays.copyOf(nanos, n * 2);
        nanos[n++] = latencyNanos;
    }

    int count() {
        return n;
    }

    /** The q-quantile in ms (NaN with no samples); sorts in place, so call once recording is over. */
    double quantileMs(double q) {
        if (n == 0) return Double.NaN;
        Arrays.sort(nanos, 0, n);
        return nanos[Math.min(n - 1, (int) (q * n))] / 1e6;
    }
}
