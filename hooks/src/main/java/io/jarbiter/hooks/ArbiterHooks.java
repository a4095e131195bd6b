package io.jarbiter.hooks;

/**
 * Hooks called in the master (arbiter) process, on its single main-loop thread, in gunicorn's order.
 * Each receives a read-only {@link ArbiterInfo}; worker hooks also get a {@link WorkerInfo}.
 * Hooks run synchronously: a slow hook delays the master loop.
 */
public interface ArbiterHooks {

    /** Before the master binds its listeners. Throwing aborts start-up (exit 1). */
    default void onStarting(ArbiterInfo arbiter) throws Exception {}

    /** The first generation of workers has booted: every worker served its first heartbeat. */
    default void whenReady(ArbiterInfo arbiter) throws Exception {}

    /** On SIGHUP, after app.yaml was re-read successfully and before the new generation is spawned. */
    default void onReload(ArbiterInfo arbiter) throws Exception {}

    /** In the master, just before a worker process is spawned. */
    default void preFork(ArbiterInfo arbiter, WorkerInfo worker) throws Exception {}

    /** In the master, after a worker exited and was reaped. */
    default void childExit(ArbiterInfo arbiter, WorkerInfo worker) throws Exception {}

    /** The target number of workers changed (TTIN, TTOU, reload). */
    default void nworkersChanged(ArbiterInfo arbiter, int newValue, int oldValue) throws Exception {}

    /** Just before the master re-executes itself for a USR2 upgrade. */
    default void preExec(ArbiterInfo arbiter) throws Exception {}

    /** Just before the master exits. */
    default void onExit(ArbiterInfo arbiter) throws Exception {}
}
