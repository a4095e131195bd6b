package io.jarbiter.arbiter.internal;

/**
 * The master's record of one live worker. Owned by the arbiter's main thread only (no locking).
 * Times are monotonic nanos from {@link Clock#nanoTime()}, except heartbeat ctimes (wall nanos).
 */
final class Worker {
    final int pid;
    final int age;
    final int generation;
    final WorkerSpawner.Heartbeat heartbeat;
    final long spawnedAt;
    /** ctime of the heartbeat file when it was created: a later ctime means the worker has booted. */
    final long createdBeat;
    boolean booted;
    long abortedAt = -1;
    long termSentAt = -1;
    boolean quit;
    /** Why the master aborted it ({@link ArbiterStats#TIMEOUT} or {@link ArbiterStats#BOOT_TIMEOUT}), or null. */
    String abortReason;
    /** Its scoreboard as last read, just before the master closed the file (set when reaped). */
    io.jarbiter.process.Scoreboard finalScoreboard = io.jarbiter.process.Scoreboard.empty();

    Worker(int pid, int age, int generation, WorkerSpawner.Heartbeat heartbeat, long spawnedAt) {
        this.pid = pid;
        this.age = age;
        this.generation = generation;
        this.heartbeat = heartbeat;
        this.spawnedAt = spawnedAt;
        this.createdBeat = heartbeat.lastBeatNanos();
    }

    /** Being stopped: sent TERM/QUIT (or ABRT), so it no longer counts towards the target. */
    boolean stopping() {
        return termSentAt >= 0 || abortedAt >= 0 || quit;
    }

    @Override
    public String toString() {
        return "worker " + age + " (pid " + pid + ", generation " + generation + ")";
    }
}
