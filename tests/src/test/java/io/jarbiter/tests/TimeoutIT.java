package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Heartbeat and murder (docs/ARCHITECTURE.md#timeouts) on real processes. */
@Timeout(180)
class TimeoutIT {
    @TempDir
    Path dir;

    @Test
    void workerWhoseOnlySlotIsStuckIsDumpedKilledAndReplaced() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "max_workers: 1\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "1", "-t", "3", app.toString())) {
            int port = j.awaitReady();
            long stuck = j.workerPids().get(0);
            Thread request = new Thread(() -> {
                try {
                    Http.getFresh(port, "/sleep/60");
                } catch (Exception ignored) {
                    // the worker is killed under it
                }
            });
            request.setDaemon(true);
            request.start();
            j.awaitLog("WORKER TIMEOUT (pid:" + stuck + ")", 1, Duration.ofSeconds(20));
            j.awaitLog("Full thread dump", 1, Duration.ofSeconds(10));
            assertTrue(j.log().contains("HelloService.sleep"), "the dump shows where it hung:\n" + j.tail());
            await().atMost(Duration.ofSeconds(30)).until(() -> j.workerPids().size() == 1 && !j.workerPids().contains(stuck));
            assertEquals("Hello, World!", Http.get(port, "/hello").body());
        }
    }

    @Test
    void stoppedJvmIsKilledAndReplacedWithinTimeoutPlusTwoSeconds() throws Exception {
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "1", "-t", "3", Jarbiter.exampleApp(dir, "").toString())) {
            int port = j.awaitReady();
            long frozen = j.workerPids().get(0);
            Jarbiter.signal(frozen, "STOP");
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).until(() -> ProcFs.state(frozen).isEmpty() || "Z".equals(ProcFs.state(frozen)));
            double seconds = (System.nanoTime() - start) / 1e9;
            // timeout (3 s) + one abort grace + master poll and beat intervals; the bound leaves room for a loaded CI machine
            assertTrue(seconds <= 10, "killed after " + seconds + " s; expected about timeout + 2 s");
            assertTrue(j.log().contains("WORKER TIMEOUT (pid:" + frozen + ")"), j.tail());
            await().atMost(Duration.ofSeconds(30)).until(() -> j.workerPids().size() == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> j.log().contains("Ready:") && Http.get(port, "/hello").statusCode() == 200);
        }
    }

    @Test
    void oneSlowRequestAmongIdleSlotsDoesNotGetTheWorkerKilled() throws Exception {
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "1", "-t", "2", Jarbiter.exampleApp(dir, "").toString())) {
            int port = j.awaitReady();
            long worker = j.workerPids().get(0);
            String response = Http.getFresh(port, "/sleep/5");
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertFalse(j.log().contains("WORKER TIMEOUT"), j.tail());
            assertEquals(worker, j.workerPids().get(0));
        }
    }
}
