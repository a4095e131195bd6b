package io.jarbiter.web;

import java.util.Map;

/**
 * An HTTP response a handler returns to choose status and headers:
 * {@code Response.of(201, body)}, {@code Response.of(302, Map.of("Location", "/x"), "")}. A String or
 * byte[] body is sent as it is; any other body is JSON.
 */
public record Response(int status, Map<String, String> headers, Object body) {
    public Response {
        headers = Map.copyOf(headers);
    }

    public static Response of(int status, Object body) {
        return new Response(status, Map.of(), body);
    }

    public static Response of(int status, Map<String, String> headers, Object body) {
        return new Response(status, headers, body);
    }
}
