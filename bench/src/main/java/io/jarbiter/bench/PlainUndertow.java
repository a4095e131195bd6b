package io.jarbiter.bench;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * The ceiling for a JVM worker: one JVM, undertow-core alone, no container and no supervisor.
 * {@code /hello} answers in the IO thread; {@code /hello/World} is first handed to undertow's own worker
 * pool with {@code exchange.dispatch()}, as a handler that may block must be. {@code PlainUndertow PORT}.
 */
public final class PlainUndertow {
    private PlainUndertow() {}

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        HttpHandler hello = exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseSender().send("Hello, World!");
        };
        Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setHandler(new HttpHandler() {
                    @Override
                    public void handleRequest(HttpServerExchange exchange) throws Exception {
                        if (!exchange.getRequestPath().startsWith("/hello/")) {
                            hello.handleRequest(exchange);
                        } else if (exchange.isInIoThread()) {
                            exchange.dispatch(this); // runs this handler again on a worker thread
                        } else {
                            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                            exchange.getResponseSender().send("Hello, " + exchange.getRequestPath().substring("/hello/".length()) + "!");
                        }
                    }
                })
                .build()
                .start();
        System.out.println("ready");
    }
}
