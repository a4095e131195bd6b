package io.jarbiter.statsd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class StatsdClientTest {
    @Test
    void addressTakesHostPortHostAloneAndBracketedIpv6() {
        assertEquals(new InetSocketAddress("127.0.0.1", 9125), StatsdClient.address("127.0.0.1:9125"));
        assertEquals(new InetSocketAddress("localhost", 8125), StatsdClient.address("localhost"));
        assertEquals(new InetSocketAddress("::1", 8125), StatsdClient.address("[::1]:8125"));
        assertThrows(IllegalArgumentException.class, () -> StatsdClient.address("localhost:abc"));
        assertThrows(IllegalArgumentException.class, () -> StatsdClient.address("localhost:70000"));
    }

    @Test
    void prefixEndsWithExactlyOneDotAsGunicornsDoes() {
        assertEquals("shop.", StatsdClient.prefix("shop"));
        assertEquals("shop.", StatsdClient.prefix("shop.."));
        assertEquals("", StatsdClient.prefix(""));
        assertEquals("", StatsdClient.prefix(null));
    }

    @Test
    void linesAreInGunicornsFormatWithTags() throws Exception {
        try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            collector.setSoTimeout(5000);
            StatsdClient client = new StatsdClient(DatagramChannel.open(),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), collector.getLocalPort()), "app.", "|#env:test");
            client.increment("gunicorn.requests", 1);
            client.timing("gunicorn.request.duration", 12.5);
            client.gauge("gunicorn.workers", 3);
            assertEquals("app.gunicorn.requests:1|c|@1.0|#env:test", receive(collector));
            assertEquals("app.gunicorn.request.duration:12.500|ms|#env:test", receive(collector));
            assertEquals("app.gunicorn.workers:3|g|#env:test", receive(collector));
        }
    }

    private static String receive(DatagramSocket socket) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[512], 512);
        socket.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }
}
