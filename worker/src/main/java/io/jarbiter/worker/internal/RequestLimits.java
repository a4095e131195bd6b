package io.jarbiter.worker.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.conf.Settings;
import io.jarbiter.web.internal.HeadLimits;
import io.jarbiter.web.internal.RequestBody;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import org.xnio.OptionMap;

/**
 * The request limits of the Security settings as the worker's listener applies them. Undertow parses a request
 * head before any handler sees it and answers only 400 (and closes) for a head it refuses, so the work is split:
 *
 * <ul>
 *   <li>{@link HeadLimits}, inside the proxy headers, drain, access log and statsd handlers (so a refusal is logged,
 *       counted and attributed to the client), answers 414 and 431 for a head within the bound;
 *   <li>undertow's {@code MAX_HEADER_SIZE} is that bound: the bytes a head can take when every limit is used to the
 *       full (the request line plus {@code limit_request_fields} fields of {@code limit_request_field_size}), so a
 *       head never holds more than the limits allow; a head past it is answered 400 by undertow, logged at debug;
 *   <li>undertow's {@code MAX_HEADERS} is twice {@code limit_request_fields}: a few fields too many get the 431, a
 *       flood of tiny fields (each costs undertow a hundred bytes or more) is undertow's 400;
 *   <li>{@code limit_request_body} is {@link RequestBody}'s to enforce (an {@code @Http(maxBodySize)} replaces it for
 *       its endpoint); undertow's {@code MAX_ENTITY_SIZE} is off (see {@link RequestBody} why), and a response
 *       to a request whose body is not read (a 404, a refusal) closes the connection instead of reading it;
 *   <li>{@code REQUEST_PARSE_TIMEOUT} is {@code client_header_timeout}: undertow closes a connection whose head
 *       started and is not complete in time (slowloris); {@link RequestBody#CLIENT_BODY_TIMEOUT} the body's.
 * </ul>
 */
record RequestLimits(int line, int fields, int fieldSize, int body, long headerTimeoutMillis, long bodyTimeoutMillis) {
    /** Where a limit of 0 (none) leaves undertow's own head bound: its default. */
    static final int UNLIMITED_PART = UndertowOptions.DEFAULT_MAX_HEADER_SIZE;

    static RequestLimits of(Config config) {
        return new RequestLimits(config.get(Settings.LIMIT_REQUEST_LINE), config.get(Settings.LIMIT_REQUEST_FIELDS),
                config.get(Settings.LIMIT_REQUEST_FIELD_SIZE), config.get(Settings.LIMIT_REQUEST_BODY),
                config.get(Settings.CLIENT_HEADER_TIMEOUT).toMillis(), config.get(Settings.CLIENT_BODY_TIMEOUT).toMillis());
    }

    /** {@code next} behind the checks of the request line and header fields. */
    HttpHandler wrap(HttpHandler next) {
        return new HeadLimits(line, fields, fieldSize, next);
    }

    /** The undertow options of the listener (see the class comment). */
    OptionMap undertowOptions() {
        OptionMap.Builder options = OptionMap.builder()
                .set(UndertowOptions.MAX_HEADER_SIZE, maxHeadBytes())
                .set(UndertowOptions.MAX_ENTITY_SIZE, 0L)
                .set(RequestBody.LIMIT_REQUEST_BODY, (long) body)
                .set(RequestBody.CLIENT_BODY_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, bodyTimeoutMillis));
        options.set(UndertowOptions.MAX_HEADERS, (int) Math.min(Integer.MAX_VALUE, 2L * fields));
        if (headerTimeoutMillis > 0) options.set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, headerTimeoutMillis));
        return options.getMap();
    }

    /** Request line, CRLF, the fields each with CRLF, the closing CRLF; a part without limit counts as {@link #UNLIMITED_PART}. */
    int maxHeadBytes() {
        long lineBytes = line > 0 ? line : UNLIMITED_PART;
        long fieldBytes = fieldSize > 0 ? fieldSize : UNLIMITED_PART;
        return (int) Math.min(Integer.MAX_VALUE, lineBytes + 2 + fields * (fieldBytes + 2) + 2);
    }
}
