package io.jarbiter.tests;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS on the listeners, with gunicorn's certfile/keyfile/ca_certs/cert_reqs: real handshakes from the JDK's
 * HttpClient, curl and raw TLS sockets against bin/jarbiter, certificates made by openssl at test time.
 */
@Timeout(240)
class TlsIT {
    @TempDir
    Path dir;
    TestCerts certs;
    Path cert;
    Path key;

    @BeforeEach
    void certificates() throws Exception {
        certs = TestCerts.create(dir.resolve("tls"));
        cert = certs.server("server", "server one", 1001);
        key = certs.key("server");
    }

    private String tlsYaml() {
        return "certfile: " + cert + "\nkeyfile: " + key + "\n";
    }

    @Test
    void certReqsRequiredServesClientsWithACertificateTheCaSignedAndFailsTheHandshakeOfOthers() throws Exception {
        certs.client("client");
        Path app = Jarbiter.exampleApp(dir, tlsYaml() + "ca_certs: " + certs.ca + "\ncert_reqs: 2\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "1", app.toString())) {
            int port = j.awaitReady();
            assertEquals(200, get(certs.clientContext("client"), HttpClient.Version.HTTP_1_1, port).statusCode());
            assertThrows(IOException.class, () -> get(certs.clientContext(null), HttpClient.Version.HTTP_1_1, port));
            String url = "https://127.0.0.1:" + port + "/hello";
            assertEquals(new Run(0, "Hello, World!"), curl("--cacert", certs.ca.toString(), "--cert", certs.dir.resolve("client.pem").toString(),
                    "--key", certs.key("client").toString(), url));
            assertTrue(curl("--cacert", certs.ca.toString(), url).code() != 0, "curl without a client certificate is refused");
        }
    }

    @Test
    void certificateRotationOnHupUnderLoadDropsNothingAndTheNewGenerationServesTheNewCertificate() throws Exception {
        // keepalive well above any pause of the load threads on a busy machine: an idle keep-alive connection the
        // server closes while its client is about to reuse it is a client's retry, not what this test is about
        Path app = Jarbiter.exampleApp(dir, tlsYaml() + "workers: 1\nkeepalive: 30\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            int port = j.awaitReady();
            SSLContext trusting = certs.clientContext(null);
            // two keep-alive clients on the one worker, one on fresh connections (a handshake each)
            try (LoadGenerator keepAlive = new LoadGenerator(port, "/hello", 2, true, 150).tls(trusting).start();
                 LoadGenerator fresh = new LoadGenerator(port, "/hello", 1, false, 150).tls(trusting).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> keepAlive.ok() > 100 && fresh.ok() > 30);
                Path next = certs.server("next", "server two", 2002);
                Files.move(next, cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.move(certs.key("next"), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                j.signal("HUP");
                j.awaitLog("Reload complete", 1, Duration.ofSeconds(90));
                long before = fresh.ok();
                await().atMost(Duration.ofSeconds(30)).until(() -> fresh.ok() > before + 30);
                keepAlive.stop();
                fresh.stop();
                assertEquals(List.of(), keepAlive.errors(), "keep-alive HTTPS requests dropped during the rotation");
                assertEquals(List.of(), fresh.errors(), "fresh-connection HTTPS requests dropped during the rotation");
                assertEquals(List.of(BigInteger.valueOf(1001), BigInteger.valueOf(2002)), fresh.serverSerials());
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> j.workerPids().size() == 1);
            X509Certificate served = handshake(certs.clientContext(null), port);
            assertEquals(BigInteger.valueOf(2002), served.getSerialNumber());
            assertEquals("CN=server two", served.getSubjectX500Principal().getName());
        }
    }

    @Test
    void aBadKeyOnHupIsRejectedNamingTheSettingAndFileAndTheOldGenerationKeepsServing() throws Exception {
        Path app = Jarbiter.exampleApp(dir, tlsYaml());
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "1", app.toString())) {
            int port = j.awaitReady();
            List<Long> before = j.workerPids();
            certs.server("other", "someone else", 3003);
            Files.copy(certs.key("other"), key, StandardCopyOption.REPLACE_EXISTING);
            j.signal("HUP");
            j.awaitLog("Reload rejected");
            assertTrue(j.log().contains("'keyfile' " + key + " is not the private key of 'certfile' " + cert), j.tail());
            Files.writeString(key, "not a key\n");
            j.signal("HUP");
            j.awaitLog("Reload rejected", 2, Duration.ofSeconds(30));
            assertTrue(j.log().contains("'keyfile' " + key + ": no '-----BEGIN PRIVATE KEY-----' block in it"), j.tail());
            assertEquals(before, j.workerPids());
            assertEquals(200, get(certs.clientContext(null), HttpClient.Version.HTTP_1_1, port).statusCode());
            assertEquals(BigInteger.valueOf(1001), handshake(certs.clientContext(null), port).getSerialNumber());
        }
    }

    @Test
    void aMissingCertfileStopsTheStartWithExit1NamingTheSettingAndTheFile() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "certfile: nowhere.pem\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            assertEquals(1, j.awaitExit(Duration.ofSeconds(60)));
            assertTrue(j.log().contains(app + ": 'certfile' " + dir.resolve("nowhere.pem") + ": no such file"), j.tail());
            assertTrue(!j.log().contains("Booting worker"), j.tail());
        }
    }

    @Test
    void theSslContextHookBuildsTheContextTheWorkersServe() throws Exception {
        Path hookCert = certs.server("hooked", "from the hook", 4004);
        Path app = Jarbiter.exampleApp(dir, tlsYaml() + "hooks: [io.jarbiter.tests.app.TlsContextHooks]\n"
                + "env: {HOOK_CERTFILE: " + hookCert + ", HOOK_KEYFILE: " + certs.key("hooked") + "}\n");
        Files.writeString(app, Files.readString(app).replace("classpath: [", "classpath: [" + Jarbiter.TEST_CLASSES + ", "));
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "1", app.toString())) {
            int port = j.awaitReady();
            assertEquals("CN=from the hook", handshake(certs.clientContext(null), port).getSubjectX500Principal().getName());
        }
    }

    static HttpResponse<String> get(SSLContext context, HttpClient.Version version, int port) throws IOException, InterruptedException {
        return Http.getHttps(context, version, port, "/hello");
    }

    /** The certificate the server presents in a new handshake. */
    static X509Certificate handshake(SSLContext context, int port) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    record Run(int code, String out) {}

    static Run curl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("curl " + List.of(args) + " did not finish in 40 s");
        }
        return new Run(p.exitValue(), out);
    }
}
