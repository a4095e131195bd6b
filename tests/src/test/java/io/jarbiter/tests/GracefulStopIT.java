package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM drains: in-flight requests complete; workers past graceful_timeout are killed. */
@Timeout(120)
class GracefulStopIT {
    @TempDir
    Path dir;

    @Test
    void inFlightRequestCompletesWhenMasterGetsTerm() throws Exception {
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "1", Jarbiter.exampleApp(dir, "").toString())) {
            int port = j.awaitReady();
            CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return Http.getFresh(port, "/sleep/3");
                } catch (Exception e) {
                    return e.toString();
                }
            });
            j.awaitLog("sleeping 3");
            j.signal("TERM");
            String response = inFlight.get(30, TimeUnit.SECONDS);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.contains("slept 3"), response);
            assertEquals(0, j.awaitExit(Duration.ofSeconds(30)), j.tail());
        }
    }

    @Test
    void workerStillBusyAfterGracefulTimeoutIsKilledAndMasterExitsZero() throws Exception {
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "1", "--graceful-timeout", "2", Jarbiter.exampleApp(dir, "").toString())) {
            int port = j.awaitReady();
            CompletableFuture.runAsync(() -> {
                try {
                    Http.getFresh(port, "/sleep/60");
                } catch (Exception ignored) {
                    // killed under it
                }
            });
            j.awaitLog("sleeping 60");
            long start = System.nanoTime();
            j.signal("TERM");
            assertEquals(0, j.awaitExit(Duration.ofSeconds(30)), j.tail());
            assertTrue((System.nanoTime() - start) / 1e9 < 15, "bounded by graceful_timeout");
            assertTrue(j.log().contains("SIGKILL"), j.tail());
        }
    }
}
