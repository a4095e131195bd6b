package io.jarbiter.web;

import io.jarbiter.container.Extension;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The HTTP router every container of a worker registers its {@code @Http} routes with (a shared
 * extension). {@link #handler()} is the root handler: the worker process mounts it on the listening
 * sockets it inherited; {@link #listen} serves it on a port of its own, for tests.
 *
 * <p>As werkzeug (nameko's router) ranks static rules before dynamic ones, a path is looked up among the
 * routes without variables first (hashed), then tried against the templates in registration order.
 * Routes are added at container setup and read by IO threads (concurrent map, copy-on-write lists).
 */
public final class WebServer implements Extension {
    private final Map<String, List<Route>> literals = new ConcurrentHashMap<>();
    private final List<Route> templates = new CopyOnWriteArrayList<>();

    /** Adds a route; called by HTTP entrypoints during setup. */
    public void register(Route route) {
        if (route.literal() != null) literals.computeIfAbsent(route.literal(), p -> new CopyOnWriteArrayList<>()).add(route);
        else templates.add(route);
    }

    public HttpHandler handler() {
        return this::route;
    }

    /** Whether some route (any method) would take {@code path}. */
    public boolean routes(String path) {
        if (literals.containsKey(path)) return true;
        for (Route r : templates) {
            if (r.match(path) != null) return true;
        }
        return false;
    }

    private void route(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRelativePath(), method = exchange.getRequestMethod().toString();
        Set<String> allowed = null; // only built for a 405
        for (List<Route> candidates : List.of(literals.getOrDefault(path, List.of()), templates)) {
            for (Route r : candidates) {
                Map<String, String> vars = r.match(path);
                if (vars == null) continue;
                if (r.allows(method)) {
                    r.handler().handle(exchange, vars);
                    return;
                }
                if (allowed == null) allowed = new TreeSet<>();
                allowed.addAll(r.methods());
            }
        }
        if (allowed == null) {
            plain(exchange, StatusCodes.NOT_FOUND, "Not Found");
        } else {
            exchange.getResponseHeaders().put(Headers.ALLOW, String.join(", ", allowed));
            plain(exchange, StatusCodes.METHOD_NOT_ALLOWED, "Method Not Allowed");
        }
    }

    private static void plain(HttpServerExchange exchange, int status, String text) {
        if (!exchange.isRequestComplete()) exchange.setPersistent(false); // close rather than read a body nobody takes
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(text + "\n");
    }

    /** Serves this router on {@code host:port} (0 picks a free port): for tests and local tools. */
    public Listening listen(String host, int port) {
        Undertow server = Undertow.builder().addHttpListener(port, host).setIoThreads(2).setHandler(handler()).build();
        server.start();
        int actual = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        return new Listening(server, actual);
    }

    /** A router served by its own undertow; close it to stop. */
    public static final class Listening implements AutoCloseable {
        private final Undertow server;
        private final int port;

        Listening(Undertow server, int port) {
            this.server = server;
            this.port = port;
        }

        public int port() {
            return port;
        }

        @Override
        public void close() {
            server.stop();
        }
    }
}
