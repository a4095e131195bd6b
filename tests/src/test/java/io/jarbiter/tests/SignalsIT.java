package io.jarbiter.tests;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every master signal of docs/ARCHITECTURE.md#signal-table, sent with kill(1) to a real master. */
@Timeout(180)
class SignalsIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"QUIT", "INT"})
    void quickStopDoesNotWaitForInFlightRequests(String sig) throws Exception {
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "1", Jarbiter.exampleApp(dir, "graceful_timeout: 60\n").toString())) {
            int port = j.awaitReady();
            // a request in flight would hold a graceful stop for 20 s; a quick stop does not wait for it
            Thread slow = new Thread(() -> {
                try {
                    Http.getFresh(port, "/sleep/20");
                } catch (Exception ignored) {
                    // the worker is killed under it: expected
                }
            });
            slow.setDaemon(true);
            slow.start();
            j.awaitLog("sleeping 20", 1, Duration.ofSeconds(20));
            long start = System.nanoTime();
            j.signal(sig);
            assertEquals(0, j.awaitExit(Duration.ofSeconds(15)), j.tail());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), sig + " must not wait for in-flight requests");
            assertTrue(j.log().contains("Handling signal: " + sig.toLowerCase()), j.tail());
        }
    }

    @Test
    void usr1ReopensLogFilesInMasterAndWorkers() throws Exception {
        Path errorLog = dir.resolve("error.log");
        Path accessLog = dir.resolve("access.log");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "--error-logfile", errorLog.toString(),
                "--access-logfile", accessLog.toString(), "-w", "1", Jarbiter.exampleApp(dir, "").toString())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(errorLog) && Files.readString(errorLog).contains("Ready:"));
            int port = Integer.parseInt(Files.readString(errorLog).replaceAll("(?s).*Listening at: http://127.0.0.1:(\\d+).*", "$1"));
            Http.get(port, "/hello");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(accessLog) && Files.readString(accessLog).contains("GET /hello"));
            assertFalse(Files.readString(accessLog).contains("warm-up"), "the boot's warm-up requests are not logged");
            Files.move(errorLog, dir.resolve("error.log.1"));
            Files.move(accessLog, dir.resolve("access.log.1"));
            j.signal("USR1");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(errorLog));
            j.signal("TTIN"); // a master log line after the reopen
            Http.get(port, "/hello?after=rotate");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(accessLog) && Files.readString(accessLog).contains("after=rotate"));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(errorLog).contains("Handling signal: ttin"));
            assertTrue(!Files.readString(dir.resolve("access.log.1")).contains("after=rotate"));
        }
    }

    /** One master with one worker, which TTIN and TTOU grow and shrink in turn; jcmd first, while it has one. */
    @Nested
    class OneMaster extends SharedMaster {

        @BeforeAll
        void start() throws Exception {
            home = ClassDir.create(getClass());
            j = Jarbiter.start(home, Map.of(), "-w", "1", Jarbiter.exampleApp(home, "").toString());
            j.awaitReady();
        }

        @Test
        @Order(1)
        void jcmdThreadPrintWorksOnMasterAndWorkerWithoutStoppingThem() throws Exception {
            for (long pid : List.of(j.pid(), j.workerPids().get(0))) {
                Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
                Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), out);
                assertTrue(out.contains("\"signals\""), "thread dump of " + pid + " shows jarbiter's signal thread:\n" + out);
            }
            assertTrue(j.process().isAlive(), "jcmd must not stop the master");
            assertEquals(1, j.workerPids().size(), "nor its worker");
        }

        @Test
        @Order(2)
        void ttinAddsAWorker() throws Exception {
            j.signal("TTIN");
            await().atMost(Duration.ofSeconds(30)).until(() -> j.workerPids().size() == 2);
        }

        @Test
        @Order(3)
        void ttouRemovesOne() throws Exception {
            j.signal("TTOU");
            await().atMost(Duration.ofSeconds(30)).until(() -> j.workerPids().size() == 1);
        }

        @Test
        @Order(4)
        void ttouNeverGoesBelowOneWorker() throws Exception {
            j.signal("TTOU");
            j.awaitLog("Handling signal: ttou", 2, Duration.ofSeconds(10));
            assertEquals(1, j.workerPids().size(), "never below one worker");
        }
    }

    @Test
    void burstOfMixedSignalsNeitherCrashesNorLosesTheLastOne() throws Exception {
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "1", Jarbiter.exampleApp(dir, "").toString())) {
            j.awaitReady();
            String[] mix = {"TTIN", "TTOU", "USR1", "CHLD", "WINCH", "HUP", "TTIN", "TTOU"};
            StringBuilder script = new StringBuilder();
            for (int i = 0; i < 199; i++) script.append("kill -").append(mix[i % mix.length]).append(' ').append(j.pid()).append('\n');
            script.append("kill -TERM ").append(j.pid()).append('\n');
            Process burst = new ProcessBuilder("bash", "-c", script.toString()).inheritIO().start();
            assertTrue(burst.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, j.awaitExit(Duration.ofSeconds(60)), j.tail());
            assertTrue(j.log().contains("Shutting down: Master"), j.tail());
            assertTrue(!j.log().contains("Unhandled exception"), j.tail());
        }
    }
}
