package io.jarbiter.arbiter.internal;

/** The master's one time seam: monotonic nanos for deadlines, wall-clock nanos for heartbeat ctimes. */
public interface Clock {
    long nanoTime();

    long wallNanos();

    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long wallNanos() {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }
    };
}
