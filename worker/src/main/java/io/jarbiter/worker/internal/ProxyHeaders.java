package io.jarbiter.worker.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.conf.IpAllowList;
import io.jarbiter.conf.Settings;
import io.jarbiter.web.Request;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * First handler of a worker: from a direct peer in {@code forwarded_allow_ips}, takes the client's address, scheme
 * and host from the headers a proxy sets, so that the access log, {@link Request} and the services all see the
 * client's; from any other peer the headers are left as they are and change nothing.
 *
 * <ul>
 * <li>Address: RFC 7239 {@code Forwarded: for=} when present, else {@code X-Forwarded-For}. The hops are walked from
 *     the right (the one the peer itself added) while each is a listed proxy ({@code *} trusts every peer, but no
 *     hop); the first hop that is not is the client, or the left-most when all are. A hop that is not an IP
 *     ({@code unknown}, {@code _hidden}) leaves the peer's address. A PROXY protocol address is never replaced.</li>
 * <li>Scheme: {@code secure_scheme_headers} as gunicorn reads them (a header equal to its value means https,
 *     any other value http; two that disagree answer 400), then the client's {@code Forwarded} element's
 *     {@code proto=}, which wins.</li>
 * <li>Host: the client's {@code Forwarded} element's {@code host=}, else the right-most {@code X-Forwarded-Host}
 *     value (the one the trusted peer set), replaces {@code Host}.</li>
 * </ul>
 * A request that carries none of these headers (most, when no proxy is in front) passes after one look at the
 * names of its header fields, without the peer check. Runs on the IO thread; stateless apart from its configuration.
 */
final class ProxyHeaders implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.worker");
    private static final HttpString FORWARDED = new HttpString("Forwarded");
    private static final HttpString X_FORWARDED_FOR = new HttpString("X-Forwarded-For");
    private static final HttpString X_FORWARDED_HOST = new HttpString("X-Forwarded-Host");
    private final HttpHandler next;
    private final IpAllowList trusted;
    private final Map<HttpString, String> secureSchemeHeaders = new LinkedHashMap<>();
    /** Every header name this handler reads (HttpString compares and hashes without case). */
    private final Set<HttpString> proxyHeaders = new HashSet<>();

    ProxyHeaders(HttpHandler next, IpAllowList trusted, Map<String, String> secureSchemeHeaders) {
        this.next = next;
        this.trusted = trusted;
        secureSchemeHeaders.forEach((name, value) -> this.secureSchemeHeaders.put(new HttpString(name.trim()), value));
        proxyHeaders.addAll(List.of(FORWARDED, X_FORWARDED_FOR, X_FORWARDED_HOST));
        proxyHeaders.addAll(this.secureSchemeHeaders.keySet());
    }

    static ProxyHeaders wrap(HttpHandler next, Config config) {
        return new ProxyHeaders(next, IpAllowList.of(config.get(Settings.FORWARDED_ALLOW_IPS)), config.get(Settings.SECURE_SCHEME_HEADERS));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (carriesProxyHeaders(exchange.getRequestHeaders()) && trusted.allows(ProxiedConnection.directPeer(exchange.getConnection()))) {
            String scheme;
            try {
                scheme = secureScheme(exchange);
            } catch (IllegalStateException contradiction) {
                LOG.warn("Invalid request from ip={}: Contradictory scheme headers", Request.remoteAddress(exchange));
                exchange.setStatusCode(400).setPersistent(false);
                exchange.getResponseSender().send("Contradictory scheme headers");
                return;
            }
            apply(exchange, scheme);
        }
        next.handleRequest(exchange);
    }

    /** One pass over the request's header names (a handful), instead of a lookup per proxy header. */
    private boolean carriesProxyHeaders(HeaderMap headers) {
        for (long i = headers.fastIterateNonEmpty(); i != -1L; i = headers.fiNextNonEmpty(i)) {
            if (proxyHeaders.contains(headers.fiCurrent(i).getHeaderName())) return true;
        }
        return false;
    }

    private void apply(HttpServerExchange exchange, String scheme) {
        List<ForwardedHops.Hop> hops = ForwardedHops.forwarded(exchange.getRequestHeaders().get(FORWARDED));
        boolean rfc7239 = hops != null && !hops.isEmpty();
        if (!rfc7239) hops = ForwardedHops.xForwardedFor(exchange.getRequestHeaders().get(X_FORWARDED_FOR));
        ForwardedHops.Hop client = client(hops);
        String host = rfc7239 ? null : lastValue(exchange.getRequestHeaders().get(X_FORWARDED_HOST));
        if (client != null) {
            if (client.address() != null && !ProxiedConnection.addressFromProxyHeader(exchange.getConnection())) {
                exchange.setSourceAddress(client.address());
            }
            if (client.proto() != null) scheme = client.proto();
            if (client.host() != null) host = client.host();
        }
        if (scheme != null) exchange.setRequestScheme(scheme);
        if (host != null) exchange.getRequestHeaders().put(Headers.HOST, host);
    }

    /** The right-most hop that is not a listed proxy, or the left-most; null when there are none. */
    private ForwardedHops.Hop client(List<ForwardedHops.Hop> hops) {
        for (int i = hops.size() - 1; i >= 0; i--) {
            ForwardedHops.Hop hop = hops.get(i);
            if (i == 0 || hop.address() == null || !trusted.lists(hop.address().getAddress())) return hop;
        }
        return null;
    }

    /** https or http as the secure scheme headers say; null when none is present. */
    private String secureScheme(HttpServerExchange exchange) {
        String scheme = null;
        for (Map.Entry<HttpString, String> header : secureSchemeHeaders.entrySet()) {
            HeaderValues values = exchange.getRequestHeaders().get(header.getKey());
            if (values == null) continue;
            for (String value : values) {
                String said = value.trim().equals(header.getValue()) ? "https" : "http";
                if (scheme != null && !scheme.equals(said)) throw new IllegalStateException("contradictory scheme headers");
                scheme = said;
            }
        }
        return scheme;
    }

    private static String lastValue(HeaderValues values) {
        if (values == null || values.isEmpty()) return null;
        String[] parts = values.getLast().split(",");
        String last = parts.length == 0 ? "" : parts[parts.length - 1].trim();
        return last.isEmpty() || !last.chars().allMatch(c -> c > ' ' && c < 127) ? null : last;
    }
}
