package io.jarbiter.testing;

import io.jarbiter.container.CallDone;
import io.jarbiter.container.Entrypoint;
import io.jarbiter.container.ServiceContainer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * nameko's {@code entrypoint_waiter}: {@code try (var w = Testing.entrypointWaiter(c, "handle")) { trigger(); }}
 * returns from the block only once a worker for that entrypoint has finished {@code workerResult} and
 * teardown; then {@link #get()} gives its result or rethrows its exception.
 */
public final class EntrypointWaiter implements AutoCloseable {
    /** The waiter gave up. */
    public static final class Timeout extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Timeout(String message) {
            super(message);
        }
    }

    private final Entrypoint entrypoint;
    private final Duration timeout;
    private final CompletableFuture<CallDone> done = new CompletableFuture<>();

    EntrypointWaiter(ServiceContainer container, Entrypoint entrypoint, Duration timeout) {
        this(container, entrypoint, timeout, d -> true);
    }

    /** Only calls {@code accept} says yes to count. */
    EntrypointWaiter(ServiceContainer container, Entrypoint entrypoint, Duration timeout, Predicate<CallDone> accept) {
        this.entrypoint = entrypoint;
        this.timeout = timeout;
        container.onCallDone(d -> {
            if (d.context().entrypoint() == entrypoint && accept.test(d)) done.complete(d);
        });
        container.died().whenComplete((v, e) -> {
            if (e != null) done.completeExceptionally(e);
        });
    }

    @Override
    public void close() {
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new Timeout("no call of " + entrypoint + " completed within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Timeout("interrupted while waiting for " + entrypoint);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the container died while waiting for " + entrypoint, e.getCause());
        }
    }

    /** The awaited call's result; rethrows its exception. Call after close. */
    public Object get() throws Exception {
        close();
        CallDone d = done.getNow(null);
        if (d.error() instanceof Exception e) throw e;
        if (d.error() != null) throw new ExecutionException(d.error());
        return d.result();
    }
}
