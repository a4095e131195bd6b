package io.jarbiter.bench;

import io.undertow.Undertow;
import io.undertow.util.Headers;

/**
 * The ceiling for a JVM worker: one JVM, undertow-core alone, answering in the IO thread with no
 * dispatch, no container and no supervisor. {@code PlainUndertow PORT}.
 */
public final class PlainUndertow {
    private PlainUndertow() {}

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setHandler(exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send("Hello, World!");
                })
                .build()
                .start();
        System.out.println("ready");
    }
}
