package io.jarbiter.process;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What a worker tells its master about its work, through the scoreboard file (fd {@code 3+n+1},
 * {@link WorkerContract}): completed calls, calls in flight and a histogram of call durations. The
 * worker rewrites the whole record with one {@code pwrite} every heartbeat interval (healthy or not)
 * and once more as it exits; the master reads it with {@code pread} for {@code jarbiter status} and
 * the metrics, and one last time when it reaps the worker, so no call is lost from the totals.
 *
 * <p>Layout: {@value #SLOTS} little-endian longs: magic, requests, in flight, duration sum (µs),
 * written-at (epoch ms), then one count per bucket of {@link #BUCKETS} plus the +Inf bucket (not
 * cumulative).
 */
public record Scoreboard(long requests, long inFlight, long durationMicros, long writtenAtMillis, long[] buckets) {
    /** Upper bounds of the duration buckets, in seconds (Prometheus' defaults). */
    public static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    static final long MAGIC = 0x6a61726269746572L; // "jarbiter"
    private static final int HEADER = 5;
    public static final int SLOTS = HEADER + BUCKETS.length + 1;
    public static final int SIZE = SLOTS * Long.BYTES;

    public static Scoreboard empty() {
        return new Scoreboard(0, 0, 0, 0, new long[BUCKETS.length + 1]);
    }

    /** The bucket a call of {@code nanos} falls in ({@code BUCKETS.length} is +Inf). */
    public static int bucketOf(long nanos) {
        double seconds = nanos / 1e9;
        for (int i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) return i;
        return BUCKETS.length;
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC).putLong(requests).putLong(inFlight).putLong(durationMicros).putLong(writtenAtMillis);
        for (long c : buckets) b.putLong(c);
        return b.array();
    }

    /** Decodes a record; a file the worker has not written yet (zeros) reads as {@link #empty()}. */
    public static Scoreboard decode(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        if (raw.length < SIZE || b.getLong() != MAGIC) return empty();
        long requests = b.getLong(), inFlight = b.getLong(), micros = b.getLong(), at = b.getLong();
        long[] buckets = new long[BUCKETS.length + 1];
        for (int i = 0; i < buckets.length; i++) buckets[i] = b.getLong();
        return new Scoreboard(requests, inFlight, micros, at, buckets);
    }

    /** The sum of two records' counters (in flight included): how the master totals its workers. */
    public Scoreboard plus(Scoreboard o) {
        long[] sum = new long[buckets.length];
        for (int i = 0; i < sum.length; i++) sum[i] = buckets[i] + o.buckets[i];
        return new Scoreboard(requests + o.requests, inFlight + o.inFlight, durationMicros + o.durationMicros,
                Math.max(writtenAtMillis, o.writtenAtMillis), sum);
    }
}
