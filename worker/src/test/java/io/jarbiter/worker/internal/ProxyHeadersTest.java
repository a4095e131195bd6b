package io.jarbiter.worker.internal;

import io.jarbiter.conf.IpAllowList;
import io.undertow.Undertow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;

import static io.jarbiter.worker.internal.RawHttp.body;
import static io.jarbiter.worker.internal.RawHttp.status;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The forwarding headers on a real undertow server over real sockets. The proxy connects from 127.0.0.1, a
 * stranger from 127.0.0.2 (loopback too, another address); the answer is {@code address scheme host} as
 * {@link io.jarbiter.web.Request} sees them.
 */
@Timeout(60)
class ProxyHeadersTest {
    private static final String PROXY = "127.0.0.1", STRANGER = "127.0.0.2";
    private static final Map<String, String> GUNICORN_SCHEME_HEADERS = new TreeMap<>(Map.of(
            "X-FORWARDED-PROTOCOL", "ssl", "X-FORWARDED-PROTO", "https", "X-FORWARDED-SSL", "on"));
    private Undertow server;

    private int serve(String forwardedAllowIps, Map<String, String> secureSchemeHeaders) {
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(1)
                .setHandler(new ProxyHeaders(RawHttp.ECHO, IpAllowList.of(forwardedAllowIps), secureSchemeHeaders)).build();
        server.start();
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private int serve(String forwardedAllowIps) {
        return serve(forwardedAllowIps, GUNICORN_SCHEME_HEADERS);
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop();
    }

    @Test
    void fromATrustedPeerTheClientIsTheRightMostHopThatIsNotAListedProxy() throws IOException {
        int port = serve("127.0.0.1,10.0.0.0/8");
        // a client-written first entry, the real client, then an inner proxy of ours
        String xff = "X-Forwarded-For: 198.51.100.66, 203.0.113.9, 10.1.2.3\r\n";
        assertEquals("203.0.113.9 http app.internal", body(RawHttp.get(port, PROXY, xff)));
        assertEquals("10.0.0.5 http app.internal", body(RawHttp.get(port, PROXY, "X-Forwarded-For: 10.0.0.5, 10.0.0.6\r\n")),
                "when every hop is a listed proxy, the left-most is the client");
        assertEquals("203.0.113.9 http app.internal", body(RawHttp.get(port, PROXY,
                "X-Forwarded-For: 198.51.100.66\r\nX-Forwarded-For: 203.0.113.9:5123\r\n")), "repeated headers are one list");
        assertEquals("2001:db8::5 http app.internal", body(RawHttp.get(port, PROXY, "X-Forwarded-For: 2001:db8:0:0::5\r\n")));
        assertEquals("10.0.0.7 https app.internal", body(RawHttp.get(port, PROXY, "x-forwarded-for: 10.0.0.7\r\nx-forwarded-proto: https\r\n")),
                "header names in any case");
        assertEquals("127.0.0.1 http app.internal", body(RawHttp.get(port, PROXY, "X-Forwarded-For: unknown\r\n")),
                "a hop that is not an IP address leaves the peer's");
    }

    @Test
    void starTrustsEveryPeerButNoHop() throws IOException {
        int port = serve("*");
        assertEquals("203.0.113.9 https app.internal", body(RawHttp.get(port, STRANGER,
                "X-Forwarded-For: 198.51.100.66, 203.0.113.9\r\nX-Forwarded-Proto: https\r\n")));
    }

    @Test
    void fromAPeerNotInForwardedAllowIpsEveryForwardingHeaderIsIgnored() throws IOException {
        int port = serve("127.0.0.1");
        String headers = "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: example.com\r\n"
                + "Forwarded: for=198.51.100.66;proto=https;host=example.org\r\n";
        assertEquals("127.0.0.2 http app.internal", body(RawHttp.get(port, STRANGER, headers)));
        assertEquals("203.0.113.9 https example.com", body(RawHttp.get(port, PROXY,
                "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: example.com\r\n")), "the same from the proxy");
        String contradiction = "X-Forwarded-Ssl: on\r\nX-Forwarded-Proto: http\r\n";
        assertEquals("HTTP/1.1 200 OK", status(RawHttp.get(port, STRANGER, contradiction)), "a stranger's scheme headers are not even read");
    }

    @Test
    void forwardedGivesTheClientsQuotedIpv6AddressSchemeAndHostAndWinsOverXForwarded() throws IOException {
        int port = serve("127.0.0.1,2001:db8:ffff::/48");
        assertEquals("2001:db8:cafe::17 https example.com", body(RawHttp.get(port, PROXY,
                "Forwarded: for=\"[2001:db8:cafe::17]:4711\";proto=https;host=example.com\r\n"
                        + "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Host: other.example\r\n")));
        // the client's element, not the inner proxy's, gives proto and host
        assertEquals("198.51.100.7 https shop.example", body(RawHttp.get(port, PROXY,
                "Forwarded: For=198.51.100.7;Proto=HTTPS;Host=\"shop.example\", for=\"[2001:db8:ffff::1]\";proto=http;host=inner\r\n")));
        assertEquals("127.0.0.1 http app.internal", body(RawHttp.get(port, PROXY, "Forwarded: for=_hidden;proto=gopher\r\n")),
                "an obfuscated node leaves the peer's address; an unknown proto the scheme");
        assertEquals("203.0.113.9 http app.internal", body(RawHttp.get(port, PROXY,
                "Forwarded: for=\"[2001:db8::1\r\nX-Forwarded-For: 203.0.113.9\r\n")), "a malformed Forwarded is not used");
    }

    @Test
    void secureSchemeHeadersSetTheSchemeAsGunicornDoes() throws IOException {
        int port = serve("127.0.0.1");
        assertEquals("127.0.0.1 https app.internal", body(RawHttp.get(port, PROXY, "X-Forwarded-Proto: https\r\n")));
        assertEquals("127.0.0.1 https app.internal", body(RawHttp.get(port, PROXY, "X-Forwarded-Ssl: on\r\n")));
        assertEquals("127.0.0.1 https app.internal", body(RawHttp.get(port, PROXY, "X-Forwarded-Protocol: ssl\r\nX-Forwarded-Proto: https\r\n")));
        assertEquals("127.0.0.1 http app.internal", body(RawHttp.get(port, PROXY, "X-Forwarded-Proto: HTTPS\r\n")), "values match exactly");
        String answer = RawHttp.get(port, PROXY, "X-Forwarded-Ssl: on\r\nX-Forwarded-Proto: http\r\n");
        assertEquals("HTTP/1.1 400 Bad Request", status(answer));
        assertEquals("Contradictory scheme headers", body(answer));
    }

    @Test
    void secureSchemeHeadersAreTheConfiguredOnesOnly() throws IOException {
        int port = serve("127.0.0.1", Map.of("X-Scheme", "secure"));
        assertEquals("127.0.0.1 https app.internal", body(RawHttp.get(port, PROXY, "X-Scheme: secure\r\n")));
        assertEquals("127.0.0.1 http app.internal", body(RawHttp.get(port, PROXY, "X-Forwarded-Proto: https\r\n")));
    }
}
