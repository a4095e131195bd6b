package io.jarbiter.hooks;

/**
 * Read-only view of one worker.
 *
 * @param pid        the worker's process id (0 in {@code preFork}, before it exists)
 * @param age        the worker's age: a counter the master increments for every worker it spawns
 * @param generation the reload generation the worker belongs to
 * @param masterPid  the master's process id
 * @param exitStatus how the worker ended, for example {@code exit 0} or {@code signal 9}; empty while it runs
 */
public record WorkerInfo(long pid, int age, int generation, long masterPid, String exitStatus) {
}
