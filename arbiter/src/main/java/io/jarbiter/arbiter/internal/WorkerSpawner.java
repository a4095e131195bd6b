package io.jarbiter.arbiter.internal;

import io.jarbiter.posix.Reaped;

import java.io.IOException;
import java.util.List;

/** How the arbiter creates, signals and reaps worker processes; faked in the arbiter's unit tests. */
public interface WorkerSpawner {

    /** Starts a worker as {@code spec} says; returns its pid and heartbeat. */
    Spawned spawn(WorkerSpec spec) throws IOException;

    /**
     * Whether the serving workers have traffic, as their connection board shows ({@link io.jarbiter.process.ConnectionBoard#hasTraffic});
     * true without a board. The master reads it to plan a boot ({@link io.jarbiter.process.BootPlan#warmUp}).
     */
    default boolean hasTraffic() {
        return true;
    }

    /** Sends {@code sig}; false when the process is already gone. */
    boolean kill(int pid, int sig);

    /** Every child that has exited since the last call (any child: PID 1 reaps orphans too). */
    List<Reaped> reap();

    /**
     * Only the configurations in {@code live} may spawn workers from now on (the running one, and the one a
     * pending reload would roll back to): the code of every other generation may go once its workers exit.
     */
    default void retainCode(java.util.List<io.jarbiter.conf.Config> live) {
    }

    /** A started worker. */
    record Spawned(int pid, Heartbeat heartbeat) {}

    /** The master's view of one worker's heartbeat and scoreboard files. */
    interface Heartbeat {
        /** ctime of the heartbeat file, wall-clock nanos. */
        long lastBeatNanos();

        /** What the worker last wrote to its scoreboard (empty before its first write). */
        default io.jarbiter.process.Scoreboard scoreboard() {
            return io.jarbiter.process.Scoreboard.empty();
        }

        void close();
    }
}
