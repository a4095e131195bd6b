package io.jarbiter.worker.internal;

import io.jarbiter.conf.IpAllowList;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.protocol.http.HttpOpenListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xnio.ChannelListeners;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.jarbiter.worker.internal.RawHttp.body;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code proxy_protocol} on a real XNIO server, the gate in front of undertow's HTTP as the worker wires it, with
 * {@code proxy_allow_ips} 127.0.0.1 and {@code forwarded_allow_ips} 127.0.0.1: the proxy connects from 127.0.0.1,
 * a stranger from 127.0.0.2. The answer is {@code address scheme host} as {@link io.jarbiter.web.Request} sees them.
 */
@Timeout(60)
class ProxyProtocolGateTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: app.internal\r\nConnection: close\r\n\r\n";
    private XnioWorker worker;
    private AcceptingChannel<StreamConnection> server;
    private int port;

    @BeforeEach
    void serve() throws IOException {
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
        HttpOpenListener http = new HttpOpenListener(new DefaultByteBufferPool(false, 16 * 1024));
        http.setRootHandler(new ProxyHeaders(RawHttp.ECHO, IpAllowList.of("127.0.0.1"), Map.of("X-FORWARDED-PROTO", "https")));
        ProxyProtocolGate gate = new ProxyProtocolGate(http, IpAllowList.of("127.0.0.1"));
        server = worker.createStreamConnectionServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ChannelListeners.openListenerAdapter(gate), OptionMap.EMPTY);
        server.resumeAccepts();
        port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        worker.shutdownNow();
    }

    @Test
    void aV1HeaderGivesTheClientAddress() throws IOException {
        String answer = RawHttp.send(port, "127.0.0.1", ascii("PROXY TCP4 198.51.100.7 192.0.2.1 56324 443\r\n" + GET));
        assertEquals("198.51.100.7 http app.internal", body(answer));
        answer = RawHttp.send(port, "127.0.0.1", ascii("PROXY TCP6 2001:db8::7 2001:db8::1 56324 443\r\n" + GET));
        assertEquals("2001:db8::7 http app.internal", body(answer));
    }

    @Test
    void aV2HeaderGivesTheClientAddress() throws IOException {
        byte[] v4 = v2(0x11, new byte[]{(byte) 198, 51, 100, 7}, new byte[]{(byte) 192, 0, 2, 1});
        assertEquals("198.51.100.7 http app.internal", body(RawHttp.send(port, "127.0.0.1", v4)));
        byte[] v6 = v2(0x21, InetAddress.getByName("2001:db8:cafe::17").getAddress(), InetAddress.getByName("2001:db8::1").getAddress());
        assertEquals("2001:db8:cafe::17 http app.internal", body(RawHttp.send(port, "127.0.0.1", v6)));
    }

    @Test
    void aConnectionWithoutTheHeaderIsClosedUnanswered() throws IOException {
        assertEquals("", RawHttp.send(port, "127.0.0.1", ascii(GET)));
    }

    @Test
    void aPeerNotInProxyAllowIpsIsClosedEvenWithAValidHeader() throws IOException {
        assertEquals("", RawHttp.send(port, "127.0.0.2", ascii("PROXY TCP4 198.51.100.7 192.0.2.1 56324 443\r\n" + GET)));
    }

    @Test
    void forwardingHeadersAreTrustedByTheProxysAddressAndNeverReplaceThePROXYHeadersClient() throws IOException {
        String answer = RawHttp.send(port, "127.0.0.1", ascii("PROXY TCP4 198.51.100.7 192.0.2.1 56324 443\r\n"
                + "GET / HTTP/1.1\r\nHost: app.internal\r\nConnection: close\r\nX-Forwarded-Proto: https\r\n"
                + "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Host: example.com\r\n\r\n"));
        assertEquals("198.51.100.7 https example.com", body(answer));
    }

    /** A PROXY v2 header (TCP over {@code family} 0x11 or 0x21, ports 56324 → 443) followed by {@link #GET}. */
    private static byte[] v2(int family, byte[] source, byte[] destination) {
        ByteBuffer b = ByteBuffer.allocate(16 + 2 * source.length + 4);
        b.put(new byte[]{0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        b.put((byte) 0x21).put((byte) family).putShort((short) (2 * source.length + 4));
        b.put(source).put(destination).putShort((short) 56324).putShort((short) 443);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b.array());
        out.writeBytes(ascii(GET));
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
