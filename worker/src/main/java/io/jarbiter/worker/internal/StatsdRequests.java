package io.jarbiter.worker.internal;

import io.jarbiter.statsd.StatsdClient;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Sends gunicorn's per-request statsd metrics from the worker when the response completes, as gunicorn's
 * workers do: {@code gunicorn.request.duration} (ms), {@code gunicorn.requests} and
 * {@code gunicorn.request.status.CODE}. Only in the chain when {@code statsd_host} is set.
 */
final class StatsdRequests implements HttpHandler {
    private final HttpHandler next;
    private final StatsdClient statsd;

    private StatsdRequests(HttpHandler next, StatsdClient statsd) {
        this.next = next;
        this.statsd = statsd;
    }

    /** {@code next} counted into {@code statsd}, or {@code next} itself when there is no statsd client. */
    static HttpHandler wrap(HttpHandler next, StatsdClient statsd) {
        return statsd == null ? next : new StatsdRequests(next, statsd);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long start = System.nanoTime();
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            try {
                statsd.timing("gunicorn.request.duration", (System.nanoTime() - start) / 1_000_000.0);
                statsd.increment("gunicorn.requests", 1);
                statsd.increment("gunicorn.request.status." + ex.getStatusCode(), 1);
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }
}
