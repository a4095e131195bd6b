package io.jarbiter.web.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;

/**
 * gunicorn's {@code limit_request_line}, {@code limit_request_fields} and {@code limit_request_field_size}, checked on
 * the parsed request head before anything else runs: a request line longer than its limit is answered 414, more
 * header fields or a longer field than theirs 431 (gunicorn answers 400 for the request line; 414 says what is wrong).
 * A limit of 0 is no limit. Undertow has parsed the head by then: what bounds the memory a head can take is the
 * listener's {@code MAX_HEADER_SIZE}, set from these same limits (see {@code RequestLimits}).
 */
public final class HeadLimits implements HttpHandler {
    private final int line;
    private final int fields;
    private final int fieldSize;
    private final HttpHandler next;

    public HeadLimits(int line, int fields, int fieldSize, HttpHandler next) {
        this.line = line;
        this.fields = fields;
        this.fieldSize = fieldSize;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (line > 0) {
            long length = requestLineLength(exchange);
            if (length > line) {
                Refusal.refuse(exchange, 414, "URITooLong", "the request line is " + length + " bytes, more than the " + line + " allowed",
                        "limit_request_line");
                return;
            }
        }
        if (fields > 0 || fieldSize > 0) {
            String refused = checkFields(exchange);
            if (refused != null) {
                Refusal.refuse(exchange, 431, "RequestHeaderFieldsTooLarge", refused,
                        refused.startsWith("more") ? "limit_request_fields" : "limit_request_field_size");
                return;
            }
        }
        next.handleRequest(exchange);
    }

    /** {@code METHOD SP request-target SP HTTP-version}, as gunicorn measures it (without the CRLF). */
    static long requestLineLength(HttpServerExchange exchange) {
        String query = exchange.getQueryString();
        return exchange.getRequestMethod().length() + 1L + exchange.getRequestURI().length()
                + (query == null || query.isEmpty() ? 0 : 1 + query.length()) + 1 + exchange.getProtocol().length();
    }

    /** Why the header fields break a limit ("more ..." for their count, else one field's size), or null. */
    private String checkFields(HttpServerExchange exchange) {
        int count = 0;
        HeaderMap headers = exchange.getRequestHeaders();
        for (long i = headers.fastIterateNonEmpty(); i != -1L; i = headers.fiNextNonEmpty(i)) { // no iterator per request
            HeaderValues values = headers.fiCurrent(i);
            int name = values.getHeaderName().length();
            for (String value : values) {
                count++;
                long size = name + 2L + value.length(); // "Name: value"
                if (fieldSize > 0 && size > fieldSize) {
                    return "the header field " + values.getHeaderName() + " is " + size + " bytes, more than the " + fieldSize + " allowed";
                }
            }
        }
        if (fields > 0 && count > fields) return "more header fields (" + count + ") than the " + fields + " allowed";
        return null;
    }
}
