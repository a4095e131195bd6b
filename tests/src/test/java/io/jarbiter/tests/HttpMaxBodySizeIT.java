package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code @Http(maxBodySize = ...)} lets its endpoint take a body past limit_request_body, and only up to its own limit. */
@Timeout(120)
class HttpMaxBodySizeIT {
    @TempDir
    Path dir;

    @Test
    void maxBodySizeOfAnEndpointReplacesLimitRequestBody() throws Exception {
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), Jarbiter.testApp(dir, "").toString())) {
            int port = j.awaitReady();
            String json = "{\"a\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}"; // 3 MiB: over the 1 MiB default, under the endpoint's 4 MiB
            try (RawHttp c = new RawHttp(port, Duration.ofSeconds(30))) {
                c.write("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json);
                assertEquals(200, c.status());
            }
            try (RawHttp c = new RawHttp(port, Duration.ofSeconds(30))) {
                c.write("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + (5 * 1024 * 1024) + "\r\n\r\n");
                assertEquals(413, c.status());
            }
            j.awaitLog("(@Http maxBodySize of ", 1, Duration.ofSeconds(10));
            assertTrue(j.log().contains("upload(Map)"), j.tail());
        }
    }
}
