package io.jarbiter.tests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One master serving HTTPS with {@code certfile}/{@code keyfile} and {@code http2: true}, asked by the JDK's HttpClient
 * and curl over real handshakes; the certificates are made by openssl at test time. Nothing here changes the master,
 * so every test asks the same one.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsListenerIT {
    Path dir;
    TestCerts certs;
    Path app;
    Jarbiter j;
    int port;

    @BeforeAll
    void start() throws Exception {
        dir = ClassDir.create(getClass());
        certs = TestCerts.create(dir.resolve("tls"));
        Path cert = certs.server("server", "server one", 1001);
        app = Jarbiter.exampleApp(dir, "certfile: " + cert + "\nkeyfile: " + certs.key("server") + "\nhttp2: true\n");
        j = Jarbiter.start(dir, Map.of(), "-w", "1", app.toString());
        port = j.awaitReady();
    }

    @AfterAll
    void stop() throws Exception {
        if (j != null) j.close();
        ClassDir.delete(dir);
    }

    @Test
    void theListenerIsAnnouncedAndListedByStatusAsHttps() throws Exception {
        assertTrue(j.log().contains("Listening at: https://127.0.0.1:" + port), j.tail());
        assertEquals("https://127.0.0.1:" + port, ControlSocketIT.status(app).get("listeners").get(0).asText());
    }

    @Test
    void aClientTrustingTheCaGets200OverHttp11() throws Exception {
        HttpResponse<String> h1 = TlsIT.get(certs.clientContext(null), HttpClient.Version.HTTP_1_1, port);
        assertEquals(200, h1.statusCode());
        assertEquals("Hello, World!", h1.body());
        assertEquals(HttpClient.Version.HTTP_1_1, h1.version());
    }

    @Test
    void alpnNegotiatesHttp2WithAClientThatOffersIt() throws Exception {
        HttpResponse<String> h2 = TlsIT.get(certs.clientContext(null), HttpClient.Version.HTTP_2, port);
        assertEquals(200, h2.statusCode());
        assertEquals("Hello, World!", h2.body());
        assertEquals(HttpClient.Version.HTTP_2, h2.version(), "ALPN chose h2");
    }

    @Test
    void curlVerifyingWithTheCaGetsTheBodyOverHttp2() throws Exception {
        TlsIT.Run curl = TlsIT.curl("--cacert", certs.ca.toString(), "-w", " %{http_version}", "https://127.0.0.1:" + port + "/hello");
        assertEquals(new TlsIT.Run(0, "Hello, World! 2"), curl);
    }

    @Test
    void aClientThatDoesNotTrustTheTestCaFailsTheHandshake() {
        assertThrows(IOException.class, () -> TlsIT.get(SSLContext.getDefault(), HttpClient.Version.HTTP_1_1, port));
    }
}
