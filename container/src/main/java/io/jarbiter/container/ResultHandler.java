package io.jarbiter.container;

/**
 * What an entrypoint does with one call's outcome, nameko's {@code handle_result}: an entrypoint passes one
 * to {@link ServiceContainer#spawnWorker(Entrypoint, Object[], java.util.Map, java.util.List, ResultHandler)}
 * for each piece of work, closing over its own handle on that work (the HTTP exchange to answer, the AMQP
 * delivery to reply to and ack), so that handle comes back typed, with no lookup.
 *
 * <p>Runs on the worker's thread after the method and before {@code workerResult}; returns the result
 * dependency providers see. Throwing kills the container, as in nameko.
 */
@FunctionalInterface
public interface ResultHandler {
    /** @param error the method's exception, or null */
    Object handleResult(WorkerContext worker, Object result, Throwable error) throws Exception;
}
