package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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

/**
 * The USR2 upgrade, nginx/gunicorn style, with the real bin/jarbiter under continuous load: USR2 starts
 * a new master on the same sockets (pidfile moves to .oldbin), WINCH retires the old workers, TERM the
 * old master; or HUP rolls back and the new master's death hands the pidfile back.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UpgradeIT {
    @TempDir
    Path dir;

    static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (Exception e) {
            return -1;
        }
    }

    /** The master's children other than the new master: its own workers. */
    static List<Long> ownWorkers(Jarbiter j, long newMaster) {
        return j.workerPids().stream().filter(p -> p != newMaster).toList();
    }

    @Test
    void upgradeUnderLoadDropsNothingAndRunsTheNewConfiguration() throws Exception {
        Path pidfile = dir.resolve("app.pid"), oldbin = dir.resolve("app.pid.oldbin");
        Path app = Jarbiter.exampleApp(dir, "workers: 1\npidfile: " + pidfile + "\ngreeting: Hello\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            int port = j.awaitReady();
            List<Long> oldWorkers = j.workerPids();
            // two keep-alive clients, which the retiring worker sends to the new one with Connection: close, and one on fresh connections
            try (LoadGenerator keepAlive = new LoadGenerator(port, "/hello", 2, true, 150).start();
                 LoadGenerator fresh = new LoadGenerator(port, "/hello", 1, false, 150).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> keepAlive.ok() > 200 && fresh.ok() > 50);
                // the new release: new configuration read by the new master only
                Files.writeString(app, Files.readString(app).replace("greeting: Hello", "greeting: Howdy"));

                j.signal("USR2");
                await("new master's pidfile").atMost(Duration.ofSeconds(30))
                        .until(() -> readPid(oldbin) == j.pid() && readPid(pidfile) > 0 && readPid(pidfile) != j.pid());
                long newMaster = readPid(pidfile);
                j.awaitLog("Using 1 listener(s) inherited from the previous master (USR2 upgrade)");
                j.awaitLog("Ready:", 2, Duration.ofSeconds(60));
                assertTrue(Http.get(port, "/hello/Ann").body().matches("(Hello|Howdy), Ann!"));
                await("the new workers answer").atMost(Duration.ofSeconds(30))
                        .until(() -> Http.getFresh(port, "/hello/Ann").contains("Howdy, Ann!"));
                assertEquals(oldWorkers, ownWorkers(j, newMaster), "the old master keeps its workers until WINCH");

                j.signal("WINCH");
                await("old workers gone").atMost(Duration.ofSeconds(40)).until(() -> ownWorkers(j, newMaster).isEmpty());
                long before = keepAlive.ok() + fresh.ok();
                await().atMost(Duration.ofSeconds(20)).until(() -> keepAlive.ok() + fresh.ok() > before + 100);
                for (int i = 0; i < 5; i++) assertTrue(Http.getFresh(port, "/hello/Bo").contains("Howdy, Bo!"));

                j.signal("TERM");
                assertEquals(0, j.awaitExit(Duration.ofSeconds(40)), j.tail());
                assertFalse(Files.exists(oldbin), "the old master removes its .oldbin pidfile at exit");
                assertEquals(newMaster, readPid(pidfile));
                long after = keepAlive.ok() + fresh.ok();
                await().atMost(Duration.ofSeconds(20)).until(() -> keepAlive.ok() + fresh.ok() > after + 100);
                keepAlive.stop();
                fresh.stop();
                assertEquals(List.of(), keepAlive.errors(), "keep-alive requests dropped during the upgrade");
                assertEquals(List.of(), fresh.errors(), "fresh-connection requests dropped during the upgrade");

                // the new master is a full master: status answers, TERM stops it cleanly
                assertEquals(newMaster, ControlSocketIT.status(app).get("pid").asLong());
                Jarbiter.signal(newMaster, "TERM");
                ProcessHandle handle = ProcessHandle.of(newMaster).orElse(null);
                if (handle != null) handle.onExit().get(40, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(pidfile));
            }
        }
    }

    @Test
    void hupBringsTheOldWorkersBackAndTheOldMasterTakesOverWhenTheNewOneDies() throws Exception {
        Path pidfile = dir.resolve("app.pid"), oldbin = dir.resolve("app.pid.oldbin");
        Path app = Jarbiter.exampleApp(dir, "workers: 1\npidfile: " + pidfile + "\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            int port = j.awaitReady();
            try (LoadGenerator load = new LoadGenerator(port, "/hello", 2, true, 150).start()) {
                j.signal("USR2");
                await().atMost(Duration.ofSeconds(30)).until(() -> readPid(oldbin) == j.pid() && readPid(pidfile) > 0);
                long newMaster = readPid(pidfile);
                j.awaitLog("Ready:", 2, Duration.ofSeconds(60));
                j.signal("USR2");
                j.awaitLog("USR2 ignored: the new master (pid " + newMaster + ")");

                j.signal("WINCH");
                await().atMost(Duration.ofSeconds(40)).until(() -> ownWorkers(j, newMaster).isEmpty());
                // the new release is bad after all: bring the old workers back, then stop the new master
                j.signal("HUP");
                await("old master's worker back").atMost(Duration.ofSeconds(60)).until(() -> ownWorkers(j, newMaster).size() == 1);
                j.awaitLog("Ready:", 2, Duration.ofSeconds(5));
                Jarbiter.signal(newMaster, "TERM");
                j.awaitLog("The new master (pid: " + newMaster + ") exited (exit 0); this master (pid: " + j.pid() + ") is in charge again");
                assertEquals(j.pid(), readPid(pidfile), "the old master takes its pidfile back");
                assertFalse(Files.exists(oldbin));
                await("control socket back").atMost(Duration.ofSeconds(10))
                        .until(() -> ControlSocketIT.status(app).get("pid").asLong() == j.pid());
                long before = load.ok();
                await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() > before + 100);
                load.stop();
                assertEquals(List.of(), load.errors(), "requests dropped during the rollback");
            }
            j.signal("TERM");
            assertEquals(0, j.awaitExit(Duration.ofSeconds(40)), j.tail());
        }
    }
}
