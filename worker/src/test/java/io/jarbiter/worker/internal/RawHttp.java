package io.jarbiter.worker.internal;

import io.jarbiter.web.Request;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Raw HTTP/1.1 over a socket from a chosen local address (127.0.0.2 is loopback too, and a different peer). */
final class RawHttp {
    /** Answers {@code remoteAddress scheme host} as {@link Request} sees them. */
    static final HttpHandler ECHO = exchange -> {
        Request r = new Request(exchange, new byte[0], Map.of());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(r.remoteAddress() + " " + r.scheme() + " " + r.host());
    };

    private RawHttp() {}

    /** GET / with {@code headers} (lines ending in CRLF) from {@code from}; the whole answer, "" when the server closed without one. */
    static String get(int port, String from, String headers) throws IOException {
        return send(port, from, ("GET / HTTP/1.1\r\nHost: app.internal\r\nConnection: close\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes {@code bytes} from {@code from} and reads until the server closes. */
    static String send(int port, String from, byte[] bytes) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(10_000);
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            try {
                in.transferTo(out);
            } catch (SocketException reset) {
                // the server closed with unread input: no answer
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** The body of an answer. */
    static String body(String answer) {
        int at = answer.indexOf("\r\n\r\n");
        return at < 0 ? "" : answer.substring(at + 4);
    }

    static String status(String answer) {
        return answer.isEmpty() ? "" : answer.substring(0, answer.indexOf("\r\n"));
    }
}
