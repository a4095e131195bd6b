package io.jarbiter.container;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;

/**
 * An entrypoint: something that makes the container run a service method, e.g. an HTTP request, an
 * RPC message or a timer tick. It calls {@link ServiceContainer#spawnWorker} for each piece of work,
 * passing a {@link ResultHandler} that closes over its handle on that work (the request to answer).
 * Subclasses override the {@link Extension} lifecycle to open and close their transport.
 */
public abstract class Entrypoint implements Extension {
    private final Method method;
    private final ServiceContainer container;

    protected Entrypoint(Method method, ServiceContainer container) {
        this.method = method;
        this.container = container;
        method.setAccessible(true);
    }

    public final Method method() {
        return method;
    }

    /** The service method's name, as nameko names entrypoints. */
    public final String methodName() {
        return method.getName();
    }

    public final ServiceContainer container() {
        return container;
    }

    /** Exceptions the method may throw as part of its contract: logged at WARNING without a stack trace. */
    public Set<Class<? extends Throwable>> expectedExceptions() {
        return Set.of();
    }

    /** Argument paths ({@code "password"}, {@code "payload.token"}, {@code "items[0]"}) redacted in logs. */
    public List<String> sensitiveArguments() {
        return List.of();
    }

    /** Whether a completed call counts towards {@code max_requests} (timer ticks do not). */
    public boolean countsAsRequest() {
        return true;
    }

    /**
     * The {@link ResultHandler} of calls spawned without one of their own (a timer tick, the testing kit's
     * hook): runs on the worker's thread after the method and before {@code workerResult}. Returns the
     * result dependency providers see. Throwing kills the container, as in nameko.
     *
     * @param error the method's exception, or null
     */
    public Object handleResult(WorkerContext worker, Object result, Throwable error) throws Exception {
        return result;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + container.serviceName() + "." + methodName() + ")";
    }
}
