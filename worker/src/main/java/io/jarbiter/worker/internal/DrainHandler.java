package io.jarbiter.worker.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Outermost HTTP handler of a worker. Once {@link #drain} was called (graceful stop,
 * reload, max_requests) answers further requests on already open keep-alive connections normally but with
 * {@code Connection: close}, so clients move to another worker instead of getting an error.
 *
 * <p>The closes are spread: each connection gets its {@code Connection: close} on its first response after
 * its own moment in the spread, uniform over it (from the connection's identity hash). Closed all at once,
 * every client of the worker reconnects in the same instant, onto workers that have just booted and whose
 * JIT has not seen the application's routes yet.
 *
 * <p>Threads: {@link #drain} runs on the lifecycle thread, {@link #handleRequest} on IO threads; the drain
 * start is published by the volatile write of {@code draining}, which follows it.
 */
final class DrainHandler implements HttpHandler {
    /** The longest spread: a reload under load completes at most this much later; 0 to close at once. */
    static final Duration MAX_SPREAD = Duration.ofSeconds(1);
    private final HttpHandler next;
    private final LongSupplier nanoClock;
    private long drainStartNanos;
    private long spreadMillis;
    private volatile boolean draining;

    DrainHandler(HttpHandler next) {
        this(next, System::nanoTime);
    }

    DrainHandler(HttpHandler next, LongSupplier nanoClock) {
        this.next = next;
        this.nanoClock = nanoClock;
    }

    /** Starts draining, the closes spread over {@code spread} (see the class comment); zero: every next response closes. */
    void drain(Duration spread) {
        drainStartNanos = nanoClock.getAsLong();
        spreadMillis = Math.max(0, spread.toMillis());
        draining = true; // last: publishes the two fields above
    }

    /** The spread for a worker whose graceful stop may take {@code gracefulTimeout}: a quarter of it, at most {@link #MAX_SPREAD}. */
    static Duration spreadFor(Duration gracefulTimeout) {
        Duration quarter = gracefulTimeout.dividedBy(4);
        return quarter.compareTo(MAX_SPREAD) < 0 ? quarter : MAX_SPREAD;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (draining && closesNow(exchange)) {
            exchange.setPersistent(false);
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        }
        next.handleRequest(exchange);
    }

    private boolean closesNow(HttpServerExchange exchange) {
        if (spreadMillis == 0) return true;
        long at = Math.floorMod(System.identityHashCode(exchange.getConnection()), spreadMillis) * 1_000_000L;
        return nanoClock.getAsLong() - drainStartNanos >= at;
    }
}
