package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The master as PID 1 of its own PID namespace, as in a container: {@code unshare --pid --fork
 * --mount-proc}. The kernel gives PID 1 no default signal actions and hands it every orphan.
 */
@Timeout(180)
class Pid1IT {
    private static final List<String> UNSHARE = List.of("unshare", "--pid", "--fork", "--kill-child", "--mount-proc");

    @TempDir
    Path dir;

    /** The master is unshare's only child. */
    private static long master(Jarbiter j) {
        AtomicLong pid = new AtomicLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            j.process().children().findFirst().ifPresent(p -> pid.set(p.pid()));
            return pid.get() != 0;
        });
        return pid.get();
    }

    @Test
    void asPid1TheMasterReapsOrphansAndStopsGracefullyOnTerm() throws Exception {
        Path app = Jarbiter.testApp(dir, "");
        try (Jarbiter j = Jarbiter.startWith(UNSHARE, dir, Map.of(), app.toString())) {
            int port = j.awaitReady();
            assertTrue(j.log().contains("(1)"), "the master logs pid 1:\n" + j.tail());
            long master = master(j);
            for (int i = 0; i < 5; i++) {
                assertEquals(200, Http.get(port, "/orphan").statusCode());
            }
            // every orphan (sleep 0.2 whose parent shell exited) must be reaped by PID 1: no zombie stays
            await("no zombies under the master").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ProcessHandle.of(master).map(h -> h.descendants()
                            .noneMatch(d -> "Z".equals(ProcFs.state(d.pid())))).orElse(true)
                            && j.log().contains("orphans spawned: 5"));
            Jarbiter.signal(master, "TERM");
            assertEquals(0, j.awaitExit(Duration.ofSeconds(40)), j.tail());
            assertTrue(j.log().contains("Shutting down: Master"), j.tail());
        }
    }

    @Test
    void asPid1QuitAndIntStillStop() throws Exception {
        for (String sig : List.of("QUIT", "INT")) {
            Path run = java.nio.file.Files.createDirectories(dir.resolve(sig));
            try (Jarbiter j = Jarbiter.startWith(UNSHARE, run, Map.of(), Jarbiter.testApp(run, "").toString())) {
                j.awaitReady();
                Jarbiter.signal(master(j), sig);
                assertEquals(0, j.awaitExit(Duration.ofSeconds(30)), j.tail());
            }
        }
    }
}
