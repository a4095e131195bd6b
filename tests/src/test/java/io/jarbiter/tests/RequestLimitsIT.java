package io.jarbiter.tests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Security settings' request limits on a real worker, with raw requests over real sockets: each limit answers its
 * status (414, 431, 413, 400) and is logged once at WARNING naming the peer and the setting; slow clients are cut.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLimitsIT {
    private static final Duration READ = Duration.ofSeconds(20);
    private Jarbiter jarbiter;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception { // one directory and one master for the class
        jarbiter = Jarbiter.start(dir, Map.of(), Jarbiter.exampleApp(dir, "client_header_timeout: 1\nclient_body_timeout: 1\n").toString());
        port = jarbiter.awaitReady();
    }

    @AfterAll
    void stop() throws Exception {
        if (jarbiter != null) jarbiter.close();
    }

    @Test
    void requestLineLongerThanLimitRequestLineIs414() throws Exception {
        String target = "/hello?q=" + "a".repeat(4094);
        try (RawHttp c = new RawHttp(port, READ)) {
            c.write("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(414, c.status());
        }
        assertLogged("limit_request_line");
        try (RawHttp c = new RawHttp(port, READ)) { // at the limit: served
            c.write("GET /hello?q=" + "a".repeat(4094 - "GET /hello?q= HTTP/1.1".length()) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, c.status());
        }
    }

    @Test
    void moreHeaderFieldsThanLimitRequestFieldsIs431() throws Exception {
        StringBuilder head = new StringBuilder("GET /hello HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 100; i++) head.append("X-Field-").append(i).append(": ").append(i).append("\r\n"); // 101 with Host
        try (RawHttp c = new RawHttp(port, READ)) {
            c.write(head + "\r\n");
            assertEquals(431, c.status());
        }
        assertLogged("limit_request_fields");
    }

    @Test
    void headerFieldLargerThanLimitRequestFieldSizeIs431() throws Exception {
        try (RawHttp c = new RawHttp(port, READ)) {
            c.write("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(8190) + "\r\n\r\n");
            assertEquals(431, c.status());
        }
        assertLogged("limit_request_field_size");
    }

    @Test
    void contentLengthOverLimitRequestBodyIs413BeforeTheBodyIsRead() throws Exception {
        try (RawHttp c = new RawHttp(port, READ)) {
            c.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1572864000\r\n\r\n");
            assertEquals(413, c.status()); // not one byte of the body was sent
            assertTrue(c.closedByServer(), "the connection closes after a refusal");
        }
        assertLogged("limit_request_body");
    }

    @Test
    void chunkedBodyOverLimitRequestBodyIsCutWith413() throws Exception {
        int size = 1024 * 1024 + 1;
        try (RawHttp c = new RawHttp(port, READ)) {
            c.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(size) + "\r\n");
            c.writeBody(size); // the chunk's data, no end: the server must cut it, not wait for it
            assertEquals(413, c.status());
        }
        try (RawHttp c = new RawHttp(port, READ)) { // within the limit: served
            String json = "{\"a\": \"" + "x".repeat(512 * 1024) + "\"}";
            c.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n");
            assertEquals(201, c.status());
        }
    }

    @Test
    void malformedContentLengthIs400() throws Exception {
        try (RawHttp c = new RawHttp(port, READ)) {
            c.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n{}");
            assertEquals(400, c.status());
        }
    }

    @Test
    void brokenChunkedFramingClosesTheConnection() throws Exception {
        try (RawHttp c = new RawHttp(port, READ)) { // undertow's chunk decoder closes it: there is no frame left to answer in
            c.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
            assertTrue(c.closedByServer(), "closed within " + READ);
        }
    }

    @Test
    void headSentTooSlowlyIsClosedAfterClientHeaderTimeout() throws Exception {
        try (RawHttp c = new RawHttp(port, READ)) {
            c.write("GET /hello HTTP/1.1\r\nHost: x\r\n"); // and never the blank line
            long started = System.nanoTime();
            assertTrue(c.closedByServer(), "closed within " + READ);
            assertTrue(System.nanoTime() - started >= Duration.ofMillis(900).toNanos(), "not before client_header_timeout");
        }
    }

    @Test
    void bodySentTooSlowlyIsClosedAfterClientBodyTimeout() throws Exception {
        try (RawHttp c = new RawHttp(port, READ)) {
            c.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":");
            long started = System.nanoTime();
            assertTrue(c.closedByServer(), "closed within " + READ);
            assertTrue(System.nanoTime() - started >= Duration.ofMillis(900).toNanos(), "not before client_body_timeout");
        }
        assertLogged("client_body_timeout");
    }

    private void assertLogged(String limit) {
        jarbiter.awaitLog("(" + limit + ")", 1, Duration.ofSeconds(10));
        String line = jarbiter.log().lines().filter(l -> l.contains("(" + limit + ")")).findFirst().orElseThrow();
        assertTrue(line.contains("[WARN]") && line.contains("127.0.0.1"), line);
    }
}
