package io.jarbiter.worker.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.util.concurrent.atomic.LongAdder;

/**
 * Outermost HTTP handler of a worker. Counts requests, and once {@link #drain()} was called (graceful
 * stop, reload, max_requests) answers every further request on an already open keep-alive
 * connection normally but with {@code Connection: close}, so clients move to another worker instead
 * of getting an error. {@code draining} is written by the lifecycle thread and read by IO threads.
 */
final class DrainHandler implements HttpHandler {
    private final HttpHandler next;
    private final LongAdder requests = new LongAdder();
    private volatile boolean draining;

    DrainHandler(HttpHandler next) {
        this.next = next;
    }

    void drain() {
        draining = true;
    }

    long requests() {
        return requests.sum();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        requests.increment();
        if (draining) {
            exchange.setPersistent(false);
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        }
        next.handleRequest(exchange);
    }
}
