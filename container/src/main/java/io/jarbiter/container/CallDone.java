package io.jarbiter.container;

/**
 * One finished call, after {@code workerTeardown}: what the testing kit waits for and what the worker process
 * counts ({@code max_requests}, the scoreboard).
 *
 * @param result the result after the entrypoint's {@link ResultHandler}
 * @param error  the method's exception, or null
 * @param nanos  from inject to teardown
 */
public record CallDone(WorkerContext context, Object result, Throwable error, long nanos) {
    public Entrypoint entrypoint() {
        return context.entrypoint();
    }
}
