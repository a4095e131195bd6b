package io.jarbiter.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control socket through the real client: {@code bin/jarbiter status} and {@code bin/jarbiter ctl}
 * against a running master, the opt-in Prometheus listener, and the peer-credential check.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ControlSocketIT {
    private static final Pattern METRICS = Pattern.compile("Metrics at: http://([^ ]+)/metrics");

    @TempDir
    Path dir;

    /** The output and exit code of one {@code bin/jarbiter ARGS...} run. */
    record Run(int code, String out, String err) {}

    static Run jarbiter(List<String> prefix, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return jarbiterAt(Jarbiter.BIN, prefix, env, args);
    }

    /** Runs a copy of bin/jarbiter ({@link #worldReadableCopy}) for clients of another user. */
    static Run jarbiterAt(Path bin, List<String> prefix, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(bin.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jarbiter " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /**
     * A copy of bin/jarbiter and its jars under {@code dir} (made 0755), for a client or worker running
     * as another user: the checkout itself may sit in a directory only root can enter.
     * Returns the copied script; its jars are in {@code dir/lib} (pass {@code JARBITER_LIB}).
     */
    static Path worldReadableCopy(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path lib = Files.createDirectories(dir.resolve("lib"));
        try (var jars = Files.list(Jarbiter.HOME.resolve("build/lib"))) {
            for (Path jar : jars.toList()) Files.copy(jar, lib.resolve(jar.getFileName()));
        }
        Path bin = Files.createDirectories(dir.resolve("bin")).resolve("jarbiter");
        Files.copy(Jarbiter.BIN, bin);
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    static Run jarbiter(String... args) throws IOException, InterruptedException {
        return jarbiter(List.of(), Map.of(), args);
    }

    static JsonNode status(Path app) throws Exception {
        Run r = jarbiter("status", "--json", app.toString());
        assertEquals(0, r.code(), "status failed: " + r);
        return new ObjectMapper().readTree(r.out());
    }

    static List<Long> pids(JsonNode status) {
        return StreamSupport.stream(status.get("workers").spliterator(), false).map(w -> w.get("pid").asLong()).sorted().toList();
    }

    /**
     * One master with two workers and the metrics listener, which the tests below drive in order through the control
     * socket: the counters first (seven requests), then a crash, TTIN/TTOU, a reload, a reopen, and the stop last.
     */
    @Nested
    class OneMaster extends SharedMaster {
        Path socket;
        Path app;
        int port;

        @BeforeAll
        void start() throws Exception {
            home = ClassDir.create(getClass());
            socket = home.resolve("jarbiter.ctl");
            app = Jarbiter.exampleApp(home, "metrics_bind: 127.0.0.1:0\n");
            j = Jarbiter.start(home, Map.of(), app.toString());
            port = j.awaitReady();
            for (int i = 0; i < 7; i++) assertEquals(200, Http.get(port, "/hello").statusCode());
            // workers publish their counters once per heartbeat interval
            await("7 requests in status").atMost(Duration.ofSeconds(20)).until(() -> status(app).get("requests_total").asLong() >= 7);
        }

        @Test
        @Order(1)
        void theSocketIsForItsOwnerOnly() throws Exception {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)), "control socket mode");
        }

        @Test
        @Order(2)
        void statusJsonShowsTheMasterItsListenersAndEachWorkersCounters() throws Exception {
            JsonNode s = status(app);
            assertEquals(j.pid(), s.get("pid").asLong());
            assertEquals(j.workerPids(), pids(s), "status lists the master's live children");
            assertEquals(7, s.get("requests_total").asLong(), s.toString());
            long perWorker = 0;
            for (JsonNode w : s.get("workers")) {
                assertTrue(w.get("booted").asBoolean(), w.toString());
                assertEquals(1, w.get("generation").asInt(), w.toString());
                assertTrue(w.get("rss_bytes").asLong() > 10_000_000L, "rss of a worker JVM: " + w);
                assertTrue(w.get("last_beat_s").asDouble() >= 0 && w.get("last_beat_s").asDouble() < 10, w.toString());
                assertEquals(0, w.get("in_flight").asLong(), w.toString());
                perWorker += w.get("requests").asLong();
            }
            assertEquals(7, perWorker, "per-worker requests add up: " + s);
            assertEquals("http://127.0.0.1:" + port, s.get("listeners").get(0).asText());
        }

        @Test
        @Order(3)
        void statusTableHasARowPerWorker() throws Exception {
            Run table = jarbiter("status", app.toString());
            assertEquals(0, table.code(), table.toString());
            for (long pid : j.workerPids()) assertTrue(table.out().contains("\n" + pid + " "), "row for " + pid + ":\n" + table.out());
            assertTrue(table.out().contains("PID") && table.out().contains("REQUESTS") && table.out().contains("RSS"), table.out());
        }

        @Test
        @Order(4)
        void theMetricsListenerServesTheSameCountersAsPrometheusText() throws Exception {
            Matcher m = METRICS.matcher(j.log());
            assertTrue(m.find(), j.log());
            HttpResponse<String> metrics = Http.get(URI.create("http://" + m.group(1) + "/metrics"));
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("\njarbiter_requests_total 7\n"), metrics.body());
            assertTrue(metrics.body().contains("jarbiter_request_duration_seconds_count 7\n"), metrics.body());
            assertTrue(metrics.body().contains("jarbiter_workers{state=\"booted\"} 2\n"), metrics.body());
        }

        @Test
        @Order(5)
        void aCrashedWorkerIsCountedByReasonAndItsRequestsStayInTheTotal() throws Exception {
            long victim = j.workerPids().get(0);
            Jarbiter.signal(victim, "KILL");
            await("a replacement").atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode now = status(app);
                return now.get("restarts").get("crash").asLong() == 1 && now.get("workers").size() == 2 && !pids(now).contains(victim);
            });
            assertEquals(7, status(app).get("requests_total").asLong(), "requests of a dead worker are kept");
        }

        @Test
        @Order(6)
        void ctlTtinAddsAWorkerAndTtouRemovesOne() throws Exception {
            Run ttin = jarbiter("ctl", "ttin", app.toString());
            assertEquals(0, ttin.code(), ttin.toString());
            assertTrue(ttin.out().contains("TTIN"), ttin.out());
            await("3 workers").atMost(Duration.ofSeconds(30)).until(() -> j.workerPids().size() == 3 && status(app).get("workers_target").asInt() == 3);
            assertEquals(0, jarbiter("ctl", "ttou", "--control-socket", socket.toString()).code());
            await("2 workers").atMost(Duration.ofSeconds(30)).until(() -> j.workerPids().size() == 2 && status(app).get("workers_target").asInt() == 2);
        }

        @Test
        @Order(7)
        void ctlReloadServesFromANewGeneration() throws Exception {
            List<Long> before = j.workerPids();
            assertEquals(0, jarbiter("ctl", "reload", app.toString()).code());
            await("generation 2").atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode now = status(app);
                return now.get("generation").asInt() == 2 && now.get("reloads").asLong() == 1
                        && pids(now).stream().noneMatch(before::contains) && now.get("workers").size() == 2;
            });
            assertEquals(200, Http.get(port, "/hello").statusCode());
        }

        @Test
        @Order(8)
        void ctlReopenIsUsr1() throws Exception {
            assertEquals(0, jarbiter("ctl", "reopen", app.toString()).code());
            j.awaitLog("Handling signal: usr1");
        }

        @Test
        @Order(9)
        void anUnknownCtlCommandIsAUsageError() throws Exception {
            Run bad = jarbiter("ctl", "restart", app.toString());
            assertEquals(2, bad.code(), bad.toString());
            assertTrue(bad.err().contains("unknown ctl command 'restart'"), bad.err());
            assertTrue(j.process().isAlive());
        }

        @Test
        @Order(10)
        void ctlStopIsAGracefulStopAfterWhichTheSocketIsGone() throws Exception {
            Run stop = jarbiter("ctl", "stop", "--graceful", app.toString());
            assertEquals(0, stop.code(), stop.toString());
            assertEquals(0, j.awaitExit(Duration.ofSeconds(40)), j.tail());
            assertTrue(j.log().contains("Handling signal: term"), j.tail());
            assertFalse(Files.exists(socket), "the master removes its control socket at exit");
            Run none = jarbiter("status", "--control-socket", socket.toString());
            assertEquals(1, none.code(), none.toString());
            assertTrue(none.err().contains("no jarbiter master answers at " + socket), none.err());
        }
    }

    /** SO_PEERCRED: a client running as another user is refused even when the file mode would let it in. */
    @Test
    void refusesClientsOfAnotherUser() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) || System.getenv("CI") != null,
                "switching to another user needs root");
        // the client, as nobody, must be able to read the script, the jars and the JDK, and reach the socket
        Path bin = worldReadableCopy(dir);
        Path lib = dir.resolve("lib");
        Path app = Jarbiter.exampleApp(dir, "");
        Path socket = dir.resolve("jarbiter.ctl");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            j.awaitReady();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
            Map<String, String> env = Map.of("JARBITER_LIB", lib.toString(), "HOME", dir.toString());
            Run refused = jarbiterAt(bin, asNobody, env, "ctl", "stop", "--control-socket", socket.toString());
            assertEquals(1, refused.code(), refused.toString());
            assertTrue(refused.err().contains("permission denied"), refused.err());
            j.awaitLog("Control socket: refused a client running as nobody");
            assertTrue(j.process().isAlive(), "the refused stop did nothing");
            // the same client as root is served
            assertEquals(0, jarbiter(List.of(), Map.of("JARBITER_LIB", lib.toString()), "status", "--control-socket", socket.toString()).code());
        }
    }
}
