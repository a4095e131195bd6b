package io.jarbiter.tests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code user}/{@code group}: a root master runs its workers as a throwaway user created for the test;
 * they heartbeat, serve, log and reopen their logs as that user, and the control socket is theirs too.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class PrivilegeDropIT {
    @TempDir
    Path dir;

    static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish");
        }
        return p.exitValue();
    }

    static String idLine(long pid, String key) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith(key + ":")).findFirst().orElseThrow();
    }

    @Test
    void workersRunAsTheConfiguredUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) || System.getenv("CI") != null, "creating a user needs root");
        String user = "jbtest" + ThreadLocalRandom.current().nextInt(10_000, 99_999);
        assertEquals(0, run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user), "useradd " + user);
        try {
            int uid = Integer.parseInt(new String(new ProcessBuilder("id", "-u", user).start().getInputStream().readAllBytes()).trim());
            int gid = Integer.parseInt(new String(new ProcessBuilder("id", "-g", user).start().getInputStream().readAllBytes()).trim());
            // what the workers read must be readable by them: a world-readable copy of the jars
            Path bin = ControlSocketIT.worldReadableCopy(dir);
            Path lib = dir.resolve("lib");
            Path appJar = Files.copy(Jarbiter.EXAMPLES_JAR, dir.resolve("app.jar"));
            Path logs = Files.createDirectories(dir.resolve("logs"));
            assertEquals(0, run("chown", user, logs.toString()));
            Path access = logs.resolve("access.log");
            // the workers run from copies of the class path: somewhere they can read (root's home is not)
            Path app = Jarbiter.exampleApp(dir, "user: " + user + "\ntimeout: 2\naccesslog: " + access + "\ncode_snapshot_dir: " + dir.resolve("code") + "\n");
            Files.writeString(app, Files.readString(app).replace(Jarbiter.EXAMPLES_JAR.toString(), appJar.toString()));

            try (Jarbiter j = Jarbiter.start(dir, Map.of("JARBITER_LIB", lib.toString()), app.toString())) {
                int port = j.awaitReady();
                List<Long> workers = j.workerPids();
                assertEquals(2, workers.size());
                for (long w : workers) {
                    assertEquals("Uid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid, idLine(w, "Uid"), "worker " + w);
                    assertEquals("Gid:\t" + gid + "\t" + gid + "\t" + gid + "\t" + gid, idLine(w, "Gid"), "worker " + w);
                }
                assertTrue(idLine(j.pid(), "Uid").startsWith("Uid:\t0\t"), "the master stays root");
                assertFalse(j.log().contains("may not read the code snapshots"), j.tail());
                assertEquals(200, Http.get(port, "/hello").statusCode());

                // heartbeats still reach the master (timeout 2 s): the workers outlive several periods
                await("workers up 5 s").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> ControlSocketIT.status(app).get("workers").get(0).get("uptime_s").asDouble() > 5);
                assertEquals(workers, j.workerPids(), "no worker was replaced");
                assertFalse(j.log().contains("WORKER TIMEOUT"), j.tail());
                assertFalse(j.log().contains("without balancing"), "the workers map the connection board as that user: " + j.tail());

                // the control socket belongs to the workers' user, who may use it
                assertEquals(user, Files.getOwner(dir.resolve("jarbiter.ctl")).getName());
                ControlSocketIT.Run asUser = ControlSocketIT.jarbiterAt(bin, List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups"),
                        Map.of("JARBITER_LIB", lib.toString(), "HOME", dir.toString()), "status", "--json", "--control-socket", dir.resolve("jarbiter.ctl").toString());
                assertEquals(0, asUser.code(), asUser.toString());

                // logrotate: mv, then USR1; the workers, no longer root, reopen a fresh file
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(access) && Files.readString(access).contains("GET /hello"));
                assertEquals(user, Files.getOwner(access).getName());
                Files.move(access, logs.resolve("access.log.1"));
                j.signal("USR1");
                await("a reopened access log").atMost(Duration.ofSeconds(20)).until(() -> {
                    Http.get(port, "/hello/after");
                    return Files.exists(access) && Files.readString(access).contains("GET /hello/after");
                });
                assertEquals(user, Files.getOwner(access).getName());
                assertFalse(Files.readString(logs.resolve("access.log.1")).contains("/hello/after"));
                JsonNode status = ControlSocketIT.status(app);
                assertEquals(user, status.get("config").get("user").asText());
                j.signal("TERM");
                assertEquals(0, j.awaitExit(Duration.ofSeconds(40)), j.tail());
            }
        } finally {
            run("userdel", user);
            // the workers' JVMs kept their perf data in /tmp/hsperfdata_<user>: leave nothing behind
            run("rm", "-rf", "/tmp/hsperfdata_" + user);
        }
    }

    @Test
    void anUnknownUserStopsTheStartWithTheSettingAndTheFix() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "user: no-such-user-here\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            assertEquals(1, j.awaitExit(Duration.ofSeconds(30)));
            assertTrue(j.log().contains("user 'no-such-user-here' in " + app + ": getpwnam(no-such-user-here): no such user"), j.log());
            assertTrue(j.log().contains("set 'user' to an existing user"), j.log());
        }
    }
}
