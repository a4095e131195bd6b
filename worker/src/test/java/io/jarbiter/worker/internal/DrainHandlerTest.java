package io.jarbiter.worker.internal;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The drain on a real undertow server and real keep-alive connections, with the handler's clock in the test's hands. */
@Timeout(60)
class DrainHandlerTest {
    private static final int CONNECTIONS = 20;
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final List<Socket> clients = new ArrayList<>();
    private DrainHandler drain;
    private Undertow server;

    @BeforeEach
    void serve() throws IOException {
        drain = new DrainHandler(exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseSender().send("ok");
        }, now::get);
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(1).setHandler(drain).build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        for (int i = 0; i < CONNECTIONS; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
            s.setSoTimeout(10_000);
            clients.add(s);
            assertEquals(false, closes(s), "before the drain, connections are kept alive");
        }
    }

    @AfterEach
    void close() throws IOException {
        for (Socket s : clients) s.close();
        server.stop();
    }

    @Test
    void withoutASpreadEveryNextResponseClosesItsConnection() throws IOException {
        drain.drain(Duration.ZERO);
        for (Socket s : clients) {
            assertTrue(closes(s));
            assertEquals(-1, s.getInputStream().read(), "the worker closes the connection after that response");
        }
    }

    @Test
    void spreadConnectionsCloseAtTheirOwnMomentsAndAllByTheEndOfTheSpread() throws IOException {
        drain.drain(Duration.ofSeconds(1));
        now.addAndGet(SECOND / 2);
        List<Socket> open = new ArrayList<>();
        for (Socket s : clients) {
            if (!closes(s)) open.add(s);
        }
        // each connection's moment is uniform over the second: halfway, about half have closed (all 20 on one side: p ≈ 2e-6)
        assertTrue(!open.isEmpty() && open.size() < CONNECTIONS, open.size() + " of " + CONNECTIONS + " still open halfway");
        for (Socket s : open) assertEquals(false, closes(s), "a connection's moment does not move while the clock stands");
        now.addAndGet(SECOND / 2);
        for (Socket s : open) assertTrue(closes(s), "every connection closes by the end of the spread");
    }

    @Test
    void theSpreadIsAQuarterOfTheGracefulTimeoutAndAtMostOneSecond() {
        assertEquals(Duration.ofSeconds(1), DrainHandler.spreadFor(Duration.ofSeconds(30)));
        assertEquals(Duration.ofMillis(500), DrainHandler.spreadFor(Duration.ofSeconds(2)));
        assertEquals(Duration.ZERO, DrainHandler.spreadFor(Duration.ZERO));
    }

    /** One request on {@code s}; whether its response said {@code Connection: close}. */
    private static boolean closes(Socket s) throws IOException {
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed before the response ended: " + head);
            head.append((char) b);
        }
        String headers = head.toString().toLowerCase(Locale.ROOT);
        assertTrue(headers.startsWith("http/1.1 200"), headers);
        assertEquals(2, in.readNBytes(2).length); // "ok"
        return headers.contains("\r\nconnection: close\r\n");
    }
}
