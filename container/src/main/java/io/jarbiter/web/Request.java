package io.jarbiter.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
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

    /**
     * The client's IP address, as the access log's {@code %(h)s} shows it: the peer's, or the one a proxy in
     * {@code forwarded_allow_ips} passed on ({@code X-Forwarded-For}, {@code Forwarded}) or a PROXY protocol header gave.
     */
    public String remoteAddress() { return remoteAddress(exchange); }

    /** {@code http} or {@code https}: the connection's, or the client's as a trusted proxy says (secure_scheme_headers, Forwarded proto=). */
    public String scheme() { return exchange.getRequestScheme(); }

    /** The {@code Host} the client asked for (a trusted proxy's {@code X-Forwarded-Host} or Forwarded {@code host=} replaces it); null if none. */
    public String host() { return exchange.getRequestHeaders().getFirst(Headers.HOST); }

    public Map<String, String> pathParameters() { return pathParameters; }

    public byte[] body() { return body.clone(); }

    public String text() { return new String(body, StandardCharsets.UTF_8); }

    public HttpServerExchange exchange() { return exchange; }

    /** {@link #remoteAddress()} of any exchange: IPv6 in its short form (RFC 5952), "-" when there is no IP peer. */
    public static String remoteAddress(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getSourceAddress();
        if (peer == null || peer.getAddress() == null) return "-";
        return peer.getAddress() instanceof Inet6Address v6 ? shortIpv6(v6.getAddress()) : peer.getAddress().getHostAddress();
    }

    /** Lower-case hex groups without leading zeros, the longest run of two or more zero groups (the first of equals) as {@code ::}. */
    private static String shortIpv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') out.append(':');
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
