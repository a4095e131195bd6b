package io.jarbiter.web.internal;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.Option;
import org.xnio.XnioExecutor;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Receives a request body whole, never holding more than its limit ({@link #LIMIT_REQUEST_BODY}, or the
 * {@code @Http}'s {@code maxBodySize}; 0: none). A Content-Length over the limit is answered 413 before a byte of
 * the body is read; a chunked body is counted as it arrives and cut with a 413 once it passes the limit. A client
 * that sends nothing for {@link #CLIENT_BODY_TIMEOUT} between two reads has its connection closed.
 *
 * <p>Undertow's own {@code receiveFullBytes} allocates the declared Content-Length up front, before reading and
 * before its own limit applies: one request declaring 1.5 GB then stalling kept 1.5 GB of a worker's heap. And
 * undertow's own limit ({@code MAX_ENTITY_SIZE}) is left off: its chunked decoder takes the listener's value when
 * the request arrives (an {@code @Http} cannot raise it) and prints a stack trace to stderr each time it refuses.
 *
 * <p>Threads: every callback and the timer run on the connection's IO thread, one at a time; no state is shared.
 */
public final class RequestBody {
    /** The largest body, in bytes, of an endpoint without a {@code maxBodySize}; 0: none. Set on the listener's undertow options. */
    public static final Option<Long> LIMIT_REQUEST_BODY = Option.simple(RequestBody.class, "LIMIT_REQUEST_BODY", Long.class);
    /** Milliseconds a body may go without a byte before the connection is closed; 0: never. Set on the listener's undertow options. */
    public static final Option<Integer> CLIENT_BODY_TIMEOUT = Option.simple(RequestBody.class, "CLIENT_BODY_TIMEOUT", Integer.class);
    /** Without the options (a {@code WebServer.listen} of the testing kit): the settings' defaults. */
    public static final long DEFAULT_LIMIT = 1024 * 1024;
    public static final int DEFAULT_BODY_TIMEOUT_MILLIS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.worker");
    private static final int FIRST_CHUNKED_CAPACITY = 8 * 1024;

    /** What receives the body once it is in, on the IO thread. */
    interface Callback {
        void body(HttpServerExchange exchange, byte[] body);
    }

    private final HttpServerExchange exchange;
    private final long limit;
    private final long timeoutNanos;
    private final Callback callback;
    private final String limitName;
    private byte[] bytes;
    private int size;
    private long lastReadNanos = System.nanoTime();
    private boolean finished;
    private XnioExecutor.Key timer;

    private RequestBody(HttpServerExchange exchange, long limit, String limitName, int timeoutMillis, Callback callback, int capacity) {
        this.exchange = exchange;
        this.limit = limit;
        this.limitName = limitName;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.callback = callback;
        this.bytes = new byte[capacity];
    }

    /**
     * Receives the body of {@code exchange} (whose request is not complete) and hands it to {@code callback}, or answers the
     * refusal; {@code limit} is in bytes (-1: the listener's {@link #LIMIT_REQUEST_BODY}, 0: none), {@code limitName} the
     * setting it came from, for the log line.
     */
    static void receive(HttpServerExchange exchange, long limit, String limitName, Callback callback) {
        if (limit < 0) limit = exchange.getConnection().getUndertowOptions().get(LIMIT_REQUEST_BODY, DEFAULT_LIMIT);
        String declared = exchange.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH);
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -2;
            }
            if (length < 0) {
                Refusal.refuse(exchange, 400, "BadRequest", "Content-Length must be a number of bytes, got '" + declared + "'", null);
                return;
            }
            if (limit > 0 && length > limit) {
                Refusal.refuse(exchange, 413, "RequestEntityTooLarge", "the body of " + length + " bytes (Content-Length) is larger than the "
                        + limit + " bytes this endpoint takes", limitName);
                return;
            }
        }
        if (length > Integer.MAX_VALUE - 8) { // no limit, and more than a byte array holds
            Refusal.refuse(exchange, 413, "RequestEntityTooLarge", "the body of " + length + " bytes is larger than a worker can hold", null);
            return;
        }
        int capacity = length >= 0 ? (int) length : (int) Math.min(FIRST_CHUNKED_CAPACITY, limit > 0 ? limit : FIRST_CHUNKED_CAPACITY);
        int timeout = exchange.getConnection().getUndertowOptions().get(CLIENT_BODY_TIMEOUT, DEFAULT_BODY_TIMEOUT_MILLIS);
        RequestBody body = new RequestBody(exchange, limit, limitName, timeout, callback, capacity);
        body.start();
    }

    private void start() {
        if (timeoutNanos > 0) schedule(timeoutNanos);
        exchange.getRequestReceiver().receivePartialBytes(this::chunk, (ex, e) -> failed(e));
    }

    private void chunk(HttpServerExchange ex, byte[] data, boolean last) {
        if (finished) return;
        lastReadNanos = System.nanoTime();
        if (limit > 0 && (long) size + data.length > limit) {
            finish();
            ex.getRequestReceiver().pause();
            Refusal.refuse(ex, 413, "RequestEntityTooLarge", "the body is larger than the " + limit + " bytes this endpoint takes",
                    limitName);
            return;
        }
        append(data);
        if (last) {
            finish();
            callback.body(ex, size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
        }
    }

    private void append(byte[] data) {
        if (size + data.length > bytes.length) {
            long grown = Math.max((long) bytes.length * 2, (long) size + data.length);
            if (limit > 0) grown = Math.min(grown, limit);
            bytes = Arrays.copyOf(bytes, (int) Math.min(grown, Integer.MAX_VALUE - 8));
        }
        System.arraycopy(data, 0, bytes, size, data.length);
        size += data.length;
    }

    private void failed(java.io.IOException e) {
        if (finished) return;
        finish();
        if (e instanceof RequestTooBigException) { // undertow's own limit, should a listener set one
            Refusal.refuse(exchange, 413, "RequestEntityTooLarge", "the body is larger than the " + limit + " bytes this endpoint takes",
                    limitName);
            return;
        }
        LOG.debug("Request body from {} not received: {}", exchange.getSourceAddress(), e.toString());
        if (!exchange.getConnection().isOpen()) return; // the client went away: nobody is left to read an answer
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Refusal.refuse(exchange, 400, "BadRequest", "the request body could not be read: " + why, null); // a broken chunked framing
    }

    private void finish() {
        finished = true;
        if (timer != null) timer.remove();
    }

    /** Checks the body's progress after {@code delayNanos}: closes the connection when nothing came for the timeout, else looks again later. */
    private void schedule(long delayNanos) {
        timer = exchange.getIoThread().executeAfter(this::check, Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos)), TimeUnit.MILLISECONDS);
    }

    private void check() {
        if (finished) return;
        long idle = System.nanoTime() - lastReadNanos;
        if (idle < timeoutNanos) {
            schedule(timeoutNanos - idle);
            return;
        }
        finish();
        bytes = null;
        LOG.warn("Closed the connection from {}: no byte of the request body ({} of it received) for {} ms (client_body_timeout)",
                exchange.getSourceAddress(), size, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        IoUtils.safeClose(exchange.getConnection());
    }
}
