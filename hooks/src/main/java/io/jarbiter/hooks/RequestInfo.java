package io.jarbiter.hooks;

/**
 * Read-only view of one HTTP request given to {@link WorkerHooks#preRequest} and {@link WorkerHooks#postRequest}.
 *
 * @param method        the request method, for example {@code GET}
 * @param path          the request path, without the query string
 * @param query         the query string without its {@code ?}; empty when there is none
 * @param remoteAddress the client's address (after {@code forwarded_allow_ips} / {@code proxy_protocol}), for example {@code 10.0.0.7}
 */
public record RequestInfo(String method, String path, String query, String remoteAddress) {
}
