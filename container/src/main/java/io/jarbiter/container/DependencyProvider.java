package io.jarbiter.container;

/**
 * A dependency provider lives as long as its container; the object it injects is per call (per
 * worker). Its hooks run on the worker's thread around the service method, in this order:
 * {@link #getDependency} → {@link #workerSetup} → method → {@link #workerResult} → {@link #workerTeardown}.
 * An exception from any of them kills the container, as in nameko.
 *
 * @param <T> the type injected into the service field
 */
public interface DependencyProvider<T> extends Extension {
    T getDependency(WorkerContext worker);

    default void workerSetup(WorkerContext worker) throws Exception {}

    /** {@code error} is null on success. */
    default void workerResult(WorkerContext worker, Object result, Throwable error) throws Exception {}

    default void workerTeardown(WorkerContext worker) throws Exception {}
}
