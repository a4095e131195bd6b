package io.jarbiter.tests;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The one way process tests make an ordinary HTTP request: one request per call, every call bounded by a timeout.
 * Plain requests go through the JDK's HttpClient (keep-alive, as browsers and load balancers do);
 * {@link #getFresh} opens a connection of its own and says {@code Connection: close}, as gunicorn's sync clients
 * and curl do. Deliberately malformed requests are {@link RawHttp}'s.
 */
public final class Http {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {}

    /** {@code GET http://127.0.0.1:port path}. */
    public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return get(port, path, TIMEOUT);
    }

    public static HttpResponse<String> get(int port, String path, Duration timeout) throws IOException, InterruptedException {
        return send(CLIENT, HttpRequest.newBuilder(local("http", port, path)).timeout(timeout).GET().build());
    }

    /** {@code GET uri}, for a listener that is not the test's one IPv4 port (IPv6, the metrics listener). */
    public static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return send(CLIENT, HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build());
    }

    /** {@code POST} of a JSON body. */
    public static HttpResponse<String> postJson(int port, String path, String json) throws IOException, InterruptedException {
        return send(CLIENT, HttpRequest.newBuilder(local("http", port, path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** {@code GET https://127.0.0.1:port path} with a client trusting (and presenting) what {@code tls} holds. */
    public static HttpResponse<String> getHttps(SSLContext tls, HttpClient.Version version, int port, String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(version).connectTimeout(Duration.ofSeconds(10)).build();
        return send(client, HttpRequest.newBuilder(local("https", port, path)).timeout(TIMEOUT).GET().build());
    }

    /** A fresh connection per request (no keep-alive): the raw response, status line, headers and body. */
    public static String getFresh(int port, String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) TIMEOUT.toMillis());
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The body of a raw response ({@link #getFresh}), trimmed. */
    public static String body(String rawResponse) {
        return rawResponse.substring(rawResponse.indexOf("\r\n\r\n") + 4).trim();
    }

    private static URI local(String scheme, int port, String path) {
        return URI.create(scheme + "://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
