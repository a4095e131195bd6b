package io.jarbiter.web;

import io.undertow.server.HttpServerExchange;

import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Map;

/** The request an {@code @Http} method may take as a parameter: read-only, body already received. */
public final class Request {
    private final HttpServerExchange exchange;
    private final byte[] body;
    private final Map<String, String> pathParameters;

    public Request(HttpServerExchange exchange, byte[] body, Map<String, String> pathParameters) {
        this.exchange = exchange;
        this.body = body;
        this.pathParameters = Map.copyOf(pathParameters);
    }

    public String method() { return exchange.getRequestMethod().toString(); }

    public String path() { return exchange.getRequestPath(); }

    public String queryString() { return exchange.getQueryString(); }

    /** The first value of a query parameter, or null. */
    public String query(String name) {
        Deque<String> v = exchange.getQueryParameters().get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    public String header(String name) { return exchange.getRequestHeaders().getFirst(name); }

    public Map<String, String> pathParameters() { return pathParameters; }

    public byte[] body() { return body.clone(); }

    public String text() { return new String(body, StandardCharsets.UTF_8); }

    public HttpServerExchange exchange() { return exchange; }
}
