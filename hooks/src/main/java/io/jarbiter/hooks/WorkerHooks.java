package io.jarbiter.hooks;

/**
 * Hooks called inside each worker JVM. {@code postFork} and {@code postWorkerInit} run on the worker's
 * main thread during boot (throwing there is a boot error, exit 3); the others run on the worker's
 * signal thread or shutdown path, where a throwing hook is logged and ignored.
 */
public interface WorkerHooks {

    /** First thing in a new worker JVM, before the application classes are loaded. */
    default void postFork(WorkerInfo worker) throws Exception {}

    /** The service containers have started and the worker is about to serve. */
    default void postWorkerInit(WorkerInfo worker) throws Exception {}

    /** The worker received SIGINT or SIGQUIT (fast stop), before it exits. */
    default void workerInt(WorkerInfo worker) throws Exception {}

    /** The worker received SIGABRT (heartbeat timeout), after its thread dump, before it exits. */
    default void workerAbort(WorkerInfo worker) throws Exception {}

    /** The worker is about to exit, after its containers have stopped. */
    default void workerExit(WorkerInfo worker) throws Exception {}
}
