package io.jarbiter.worker.internal;

import io.jarbiter.posix.Posix;
import io.jarbiter.posix.PosixException;
import io.jarbiter.process.Scoreboard;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Counts this worker's completed calls and their durations, and publishes them to the master's
 * scoreboard file ({@link Scoreboard}). {@link #record} runs on every worker thread (lock-free
 * adders); {@link #publish} runs on the heartbeat thread and at exit, one {@code pwrite} each.
 */
final class RequestStats {
    private final int fd;
    private final IntSupplier inFlight;
    private final LongAdder requests = new LongAdder();
    private final LongAdder micros = new LongAdder();
    private final LongAdder[] buckets = new LongAdder[Scoreboard.BUCKETS.length + 1];

    RequestStats(int fd, IntSupplier inFlight) {
        this.fd = fd;
        this.inFlight = inFlight;
        for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    }

    void record(long nanos) {
        buckets[Scoreboard.bucketOf(nanos)].increment();
        micros.add(nanos / 1000);
        requests.increment();
    }

    Scoreboard snapshot() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < counts.length; i++) counts[i] = buckets[i].sum();
        return new Scoreboard(requests.sum(), inFlight.getAsInt(), micros.sum(), System.currentTimeMillis(), counts);
    }

    /** Writes the current numbers; a failure only means the master shows older ones. */
    void publish() {
        try {
            Posix.get().pwrite(fd, snapshot().encode(), 0);
        } catch (PosixException e) {
            // the master's view goes stale; serving is unaffected
        }
    }
}
