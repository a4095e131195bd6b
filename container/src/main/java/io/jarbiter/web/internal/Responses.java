package io.jarbiter.web.internal;

import io.jarbiter.process.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.jarbiter.container.WorkerContext;
import io.jarbiter.web.HttpErrorHandler;
import io.jarbiter.web.Response;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Turns what an {@code @Http} method returned or threw into the HTTP response (nameko's conventions). */
final class Responses {
    private Responses() {}

    static void send(HttpServerExchange exchange, Object result) {
        if (result instanceof Response r) {
            r.headers().forEach((k, v) -> exchange.getResponseHeaders().put(new HttpString(k), v));
            write(exchange, r.status(), r.body());
        } else if (result == null) {
            exchange.setStatusCode(204);
            exchange.endExchange();
        } else {
            write(exchange, 200, result);
        }
    }

    private static void write(HttpServerExchange exchange, int status, Object body) {
        exchange.setStatusCode(status);
        var headers = exchange.getResponseHeaders();
        byte[] bytes;
        if (body instanceof String s) {
            if (!headers.contains(Headers.CONTENT_TYPE)) headers.put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else if (body instanceof byte[] b) {
            if (!headers.contains(Headers.CONTENT_TYPE)) headers.put(Headers.CONTENT_TYPE, "application/octet-stream");
            bytes = b;
        } else if (body == null) {
            bytes = new byte[0];
        } else {
            try {
                bytes = Json.MAPPER.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                error(exchange, 500, "UnserializableValueError", "the result cannot be written as JSON: " + e.getOriginalMessage());
                return;
            }
            if (!headers.contains(Headers.CONTENT_TYPE)) headers.put(Headers.CONTENT_TYPE, "application/json");
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    static void failure(HttpServerExchange exchange, Throwable error, Set<Class<? extends Throwable>> expected, WorkerContext worker) {
        if (worker.entrypoint() != null && error != null) {
            Object service = null;
            try {
                Class<?> cls = worker.entrypoint().container().serviceClass();
                if (HttpErrorHandler.class.isAssignableFrom(cls)) service = cls.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException ignored) {
                // fall back to the default mapping
            }
            if (service instanceof HttpErrorHandler handler) {
                Response mapped = handler.toResponse(error);
                if (mapped != null) {
                    send(exchange, mapped);
                    return;
                }
            }
        }
        boolean isExpected = expected.stream().anyMatch(c -> c.isInstance(error));
        error(exchange, isExpected ? 400 : 500, error.getClass().getSimpleName(), String.valueOf(error.getMessage()));
    }

    static void error(HttpServerExchange exchange, int status, String type, String message) {
        if (exchange.isResponseStarted()) {
            exchange.endExchange();
            return;
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", type);
        body.put("message", message);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        write(exchange, status, body);
    }
}
