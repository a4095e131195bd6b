package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gunicorn's pidfile semantics. */
@Timeout(120)
class PidfileIT {
    @TempDir
    Path dir;

    @Test
    void pidfileHoldsTheMasterPidAndIsRemovedOnExit() throws Exception {
        Path pidfile = dir.resolve("jarbiter.pid");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-p", pidfile.toString(), "-w", "1", Jarbiter.exampleApp(dir, "").toString())) {
            j.awaitReady();
            assertEquals(Long.toString(j.pid()), Files.readString(pidfile).trim());
            j.signal("TERM");
            assertEquals(0, j.awaitExit(Duration.ofSeconds(30)));
            assertFalse(Files.exists(pidfile));
        }
    }

    @Test
    void pidfileNamingALiveProcessIsRefused() throws Exception {
        Path pidfile = dir.resolve("jarbiter.pid");
        Files.writeString(pidfile, ProcessHandle.current().pid() + "\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-p", pidfile.toString(), Jarbiter.exampleApp(dir, "").toString())) {
            assertEquals(1, j.awaitExit(Duration.ofSeconds(30)));
            assertTrue(j.log().contains("names running process " + ProcessHandle.current().pid()), j.tail());
            assertEquals(ProcessHandle.current().pid() + "", Files.readString(pidfile).trim(), "someone else's pidfile is left alone");
        }
    }

    @Test
    void stalePidfileIsReplaced() throws Exception {
        Path pidfile = dir.resolve("jarbiter.pid");
        Files.writeString(pidfile, "999999\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-p", pidfile.toString(), "-w", "1", Jarbiter.exampleApp(dir, "").toString())) {
            j.awaitReady();
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(pidfile).trim().equals(Long.toString(j.pid())));
        }
    }
}
