package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Behind a proxy, through the real {@code bin/jarbiter}: the access log's {@code %(h)s} shows the client a trusted
 * proxy forwards, the raw peer otherwise, and the client of a PROXY protocol header. Raw sockets; the proxy connects
 * from 127.0.0.1 (in the default forwarded_allow_ips and proxy_allow_ips), a stranger from 127.0.0.2.
 */
@Timeout(180)
class ProxyIT {
    @TempDir
    Path dir;

    @Test
    void accessLogShowsTheForwardedClientOfATrustedProxyAndTheRawPeerOtherwise() throws Exception {
        Path accessLog = dir.resolve("access.log");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "--access-logfile", accessLog.toString(), Jarbiter.testApp(dir, "").toString())) {
            int port = j.awaitReady();
            String xff = "X-Forwarded-For: 198.51.100.66, 203.0.113.9\r\n";
            assertTrue(send(port, "127.0.0.1", request("/hello?via=proxy", xff)).startsWith("HTTP/1.1 200"));
            assertTrue(send(port, "127.0.0.2", request("/hello?via=stranger", xff)).startsWith("HTTP/1.1 200"));
            assertEquals("203.0.113.9", clientOf(accessLog, "via=proxy"), "127.0.0.1 is trusted by default: the right-most hop");
            assertEquals("127.0.0.2", clientOf(accessLog, "via=stranger"), "a peer not in forwarded_allow_ips: its own address");
        }
    }

    @Test
    void proxyProtocolHeadersSetTheClientAndAConnectionWithoutOneIsRefused() throws Exception {
        Path accessLog = dir.resolve("access.log");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "--access-logfile", accessLog.toString(), "--proxy-protocol",
                Jarbiter.testApp(dir, "").toString())) {
            int port = j.awaitReady();
            String v1 = "PROXY TCP4 198.51.100.7 192.0.2.1 56324 443\r\n";
            assertTrue(send(port, "127.0.0.1", concat(ascii(v1), request("/hello?via=v1", ""))).startsWith("HTTP/1.1 200"));
            assertTrue(send(port, "127.0.0.1", concat(v2(), request("/hello?via=v2", ""))).startsWith("HTTP/1.1 200"));
            assertEquals("198.51.100.7", clientOf(accessLog, "via=v1"));
            assertEquals("2001:db8:cafe::17", clientOf(accessLog, "via=v2"));
            assertEquals("", send(port, "127.0.0.1", request("/hello?via=plain", "")), "no PROXY header: closed unanswered");
            assertEquals("", send(port, "127.0.0.2", concat(ascii(v1), request("/hello?via=stranger", ""))),
                    "a peer not in proxy_allow_ips: closed unanswered");
            j.awaitLog("Connection from 127.0.0.2 closed: proxy_protocol is on and 127.0.0.2 is not in proxy_allow_ips");
            assertTrue(!Files.readString(accessLog).contains("via=plain") && !Files.readString(accessLog).contains("via=stranger"));
        }
    }

    /** The {@code %(h)s} of the access log line whose request line has {@code marker}, waiting for it. */
    private static String clientOf(Path accessLog, String marker) {
        String[] found = new String[1];
        await("access log line with " + marker).atMost(Duration.ofSeconds(15)).until(() -> {
            if (!Files.exists(accessLog)) return false;
            for (String line : Files.readAllLines(accessLog)) {
                if (line.contains(marker)) found[0] = line.substring(0, line.indexOf(' '));
            }
            return found[0] != null;
        });
        return found[0];
    }

    private static byte[] request(String target, String headers) {
        return ascii("GET " + target + " HTTP/1.1\r\nHost: app.internal\r\nConnection: close\r\n" + headers + "\r\n");
    }

    /** A PROXY v2 header: TCP over IPv6 from [2001:db8:cafe::17]:56324 to [2001:db8::1]:443. */
    private static byte[] v2() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + 36);
        b.put(new byte[]{0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        b.put((byte) 0x21).put((byte) 0x21).putShort((short) 36);
        b.put(InetAddress.getByName("2001:db8:cafe::17").getAddress()).put(InetAddress.getByName("2001:db8::1").getAddress());
        b.putShort((short) 56324).putShort((short) 443);
        return b.array();
    }

    /** Writes {@code bytes} from local address {@code from} and reads until the server closes; "" when it closed without answering. */
    private static String send(int port, String from, byte[] bytes) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(15_000);
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 15_000);
            s.getOutputStream().write(bytes);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(out);
            } catch (SocketException reset) {
                // closed with our bytes unread: no answer
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
