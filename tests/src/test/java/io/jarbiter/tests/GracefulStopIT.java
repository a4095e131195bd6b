package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /**
     * The master and every draining worker close their listening sockets first: a new connect is refused
     * at once (a load balancer retries elsewhere) instead of waiting in a backlog nobody accepts from,
     * while the request in flight still completes. Two workers: the idle one must close its copy too.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TERM", "ctl stop --graceful"})
    void newConnectionsAreRefusedAtOnceWhileInFlightRequestCompletes(String how) throws Exception {
        Path app = Jarbiter.exampleApp(dir, "");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "2", app.toString())) {
            int port = j.awaitReady();
            CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return Http.getFresh(port, "/sleep/4");
                } catch (Exception e) {
                    return e.toString();
                }
            });
            j.awaitLog("sleeping 4");
            if (how.equals("TERM")) {
                j.signal("TERM");
            } else {
                ControlSocketIT.Run stop = ControlSocketIT.jarbiter("ctl", "stop", "--graceful", app.toString());
                assertEquals(0, stop.code(), stop.toString());
            }
            await("new connections refused after " + how).atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> refused(port));
            assertFalse(inFlight.isDone(), "the request was still in flight when connections were refused");
            String response = inFlight.get(30, TimeUnit.SECONDS);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.contains("slept 4"), response);
            assertEquals(0, j.awaitExit(Duration.ofSeconds(30)), j.tail());
            assertFalse(j.log().contains("ERROR") || j.log().contains("Exception"), "nothing logged as an error:\n" + j.tail());
        }
    }

    /** True when a connect to {@code port} is refused; a connection made is closed at once. */
    private static boolean refused(int port) throws Exception {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }

    /**
     * Many workers that served traffic stop at once on TERM (as after a TTIN storm): every thread of every
     * worker ends without an exception (a worker logs one that does as "Uncaught exception in thread").
     */
    @Test
    void manyWorkersStoppingAtOnceEndEveryThreadWithoutAnException() throws Exception {
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "6", Jarbiter.exampleApp(dir, "").toString())) {
            int port = j.awaitReady();
            await("6 workers serving").atMost(Duration.ofSeconds(90))
                    .until(() -> Jarbiter.occurrences(j.log(), "hello_service ready in worker") >= 6 || !j.process().isAlive());
            for (int i = 0; i < 60; i++) assertEquals(200, Http.get(port, "/hello").statusCode());
            j.signal("TERM");
            assertEquals(0, j.awaitExit(Duration.ofSeconds(60)), j.tail());
            String log = j.log();
            assertEquals(6, Jarbiter.occurrences(log, "Worker exiting"), log);
            assertFalse(log.contains("Uncaught exception in thread") || log.contains("Exception in thread") || log.contains("XNIO007007"), log);
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
            // stopped, the worker cannot end itself at its own graceful deadline (the same instant as the master's),
            // so only the master's SIGKILL can end it: what this test is about
            Jarbiter.signal(j.workerPids().get(0), "STOP");
            long start = System.nanoTime();
            j.signal("TERM");
            assertEquals(0, j.awaitExit(Duration.ofSeconds(30)), j.tail());
            assertTrue((System.nanoTime() - start) / 1e9 < 15, "bounded by graceful_timeout");
            assertTrue(j.log().contains("SIGKILL"), j.tail());
        }
    }
}
