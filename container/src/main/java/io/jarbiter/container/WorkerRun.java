package io.jarbiter.container;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One call's lifecycle, in nameko's order, on a worker thread: new instance → inject → workerSetup →
 * method → the entrypoint's result handler → workerResult → workerTeardown. An exception from the method is
 * the call's result; an exception anywhere else kills the container (nameko semantics).
 */
final class WorkerRun {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.container");

    private final ServiceContainer container;
    private final WorkerContext ctx;
    private final ResultHandler handleResult;
    private final Constructor<?> constructor;
    private final Map<Field, DependencyProvider<?>> dependencies;
    private final List<Consumer<CallDone>> listeners;

    WorkerRun(ServiceContainer container, WorkerContext ctx, ResultHandler handleResult, Constructor<?> constructor,
                     Map<Field, DependencyProvider<?>> dependencies, List<Consumer<CallDone>> listeners) {
        this.container = container;
        this.ctx = ctx;
        this.handleResult = handleResult;
        this.constructor = constructor;
        this.dependencies = dependencies;
        this.listeners = listeners;
    }

    void run(CompletableFuture<Object> future) {
        long started = System.nanoTime();
        Entrypoint ep = ctx.entrypoint();
        Object result = null;
        Throwable error = null;
        String step = "inject";
        try {
            Object instance = constructor.newInstance();
            for (Map.Entry<Field, DependencyProvider<?>> d : dependencies.entrySet()) {
                d.getKey().set(instance, d.getValue().getDependency(ctx));
            }
            step = "workerSetup";
            for (DependencyProvider<?> d : dependencies.values()) d.workerSetup(ctx);
            try {
                result = ep.method().invoke(instance, ctx.args());
            } catch (InvocationTargetException e) {
                error = e.getCause();
                logError(ep, error);
            } catch (IllegalArgumentException e) {
                error = e;
                logError(ep, error);
            }
            step = "handleResult";
            result = handleResult.handleResult(ctx, result, error);
            step = "workerResult";
            for (DependencyProvider<?> d : dependencies.values()) d.workerResult(ctx, result, error);
            step = "workerTeardown";
            for (DependencyProvider<?> d : dependencies.values()) d.workerTeardown(ctx);
        } catch (Throwable fatal) {
            if (container.isBeingKilled() && (fatal instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
                future.completeExceptionally(fatal);
                return;
            }
            LOG.error("{} failed in {} for {}; killing the container: {}", container.serviceName(), step, ctx.callId(), fatal.toString(), fatal);
            future.completeExceptionally(fatal);
            container.kill(fatal);
            return;
        }
        CallDone done = new CallDone(ctx, result, error, System.nanoTime() - started);
        for (Consumer<CallDone> l : listeners) l.accept(done);
        if (error != null) future.completeExceptionally(error);
        else future.complete(result);
    }

    private void logError(Entrypoint ep, Throwable error) {
        if (container.isBeingKilled() && error instanceof InterruptedException) return; // we interrupted it
        String args = Redactor.render(ep.method(), ctx.args(), ep.sensitiveArguments());
        boolean expected = ep.expectedExceptions().stream().anyMatch(c -> c.isInstance(error));
        if (expected) {
            LOG.warn("{}.{}{} raised expected {}: {}", ctx.serviceName(), ctx.methodName(), args, error.getClass().getSimpleName(), error.getMessage());
        } else {
            LOG.error("{}.{}{} failed: {}", ctx.serviceName(), ctx.methodName(), args, error.toString(), error);
        }
    }
}
