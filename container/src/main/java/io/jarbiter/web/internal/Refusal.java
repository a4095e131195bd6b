package io.jarbiter.web.internal;

import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request refused for a limit (414, 431, 413) or a malformed frame (400): answered with the JSON error body every
 * {@code @Http} error has, on a connection that then closes (what else the client sends is not read), and, for a
 * limit, one WARNING naming the peer and the setting, so that an operator sees who hits which limit.
 */
final class Refusal {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.worker");

    private Refusal() {}

    /** @param limit the setting that refused the request; null for a malformed request, which is not logged */
    static void refuse(HttpServerExchange exchange, int status, String type, String message, String limit) {
        if (limit != null) LOG.warn("Refused {} {} from {} with {}: {} ({})", exchange.getRequestMethod(), abbreviated(exchange.getRequestPath()),
                exchange.getSourceAddress(), status, message, limit);
        exchange.setPersistent(false);
        Responses.error(exchange, status, type, message);
    }

    /** A path as long as the one that broke limit_request_line would flood the log: its start is enough to know it. */
    private static String abbreviated(String path) {
        return path.length() <= 80 ? path : path.substring(0, 80) + "...(" + path.length() + " characters)";
    }
}
