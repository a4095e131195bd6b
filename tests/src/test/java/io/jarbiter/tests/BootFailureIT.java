package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A worker that cannot boot on first start halts the master with its exit code: no respawn loop. */
@Timeout(120)
class BootFailureIT {
    @TempDir
    Path dir;

    @Test
    void missingServiceClassExitsFourWithTheClassName() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "workers: 1\n");
        Files.writeString(app, Files.readString(app).replace("io.jarbiter.examples.HelloService", "com.acme.Greeting"));
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            assertEquals(4, j.awaitExit(Duration.ofSeconds(60)), j.tail());
            assertTrue(j.log().contains("class com.acme.Greeting not found on classpath"), j.tail());
            assertTrue(j.log().contains("APP_LOAD_ERROR(4)"), j.tail());
            assertFalse(j.log().contains("\tat "), "no stack trace for a user error:\n" + j.tail());
            assertEquals(1, j.bootedPids().size(), "no respawn loop: " + j.bootedPids());
        }
    }

    @Test
    void aNamekoKeyJarbiterCannotHonourExitsFourNamingKeyAndValue() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "workers: 1\nserializer: pickle\n");
        Files.writeString(app, Files.readString(app).replace("io.jarbiter.examples.HelloService", "io.jarbiter.examples.GreetingService"));
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            assertEquals(4, j.awaitExit(Duration.ofSeconds(60)), j.tail());
            assertTrue(j.log().contains("Worker failed to boot: service greeting_service: serializer 'pickle' is not supported:"
                    + " jarbiter speaks json only (nameko's default); remove the key or set it to json"), j.tail());
            assertFalse(j.log().contains("\tat "), "no stack trace for a user error:\n" + j.tail());
        }
    }

    @Test
    void anHttpParameterNothingCanBindExitsFourNamingTheMethod() throws Exception {
        Path app = Jarbiter.testApp(dir, "");
        Files.writeString(app, Files.readString(app).replace("io.jarbiter.tests.app.TestService", "io.jarbiter.tests.app.UnbindableService"));
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            assertEquals(4, j.awaitExit(Duration.ofSeconds(60)), j.tail());
            assertTrue(j.log().contains("io.jarbiter.tests.app.UnbindableService.at(LocalTime): parameter 'at' is a LocalTime, which is"
                    + " neither a query parameter"), j.tail());
            assertTrue(j.log().contains("APP_LOAD_ERROR(4)"), j.tail());
            assertFalse(j.log().contains("\tat "), "no stack trace for a user error:\n" + j.tail());
        }
    }

    @Test
    void aLoggingLevelThatIsNotOneExitsFour() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "workers: 1\nLOGGING:\n  version: 1\n  root: {level: LOUD}\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            assertEquals(4, j.awaitExit(Duration.ofSeconds(60)), j.tail());
            assertTrue(j.log().contains("LOGGING: root level 'LOUD' is not a level"), j.tail());
        }
    }

    @Test
    void serviceThatFailsToStartExitsThree() throws Exception {
        Path app = Jarbiter.testApp(dir, "fail_on_start: true\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            assertEquals(3, j.awaitExit(Duration.ofSeconds(60)), j.tail());
            assertTrue(j.log().contains("WORKER_BOOT_ERROR(3)"), j.tail());
        }
    }

    @Test
    void workerThatNeverBootsIsDumpedAndKilledAfterWorkerBootTimeout() throws Exception {
        Path app = Jarbiter.testApp(dir, "hang_on_start: true\nworker_boot_timeout: 3\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            j.port();
            j.awaitLog("WORKER BOOT TIMEOUT (pid:", 1, Duration.ofSeconds(30));
            j.awaitLog("Full thread dump", 1, Duration.ofSeconds(15));
            assertTrue(j.log().contains("FailOnStart"), "the dump shows where boot hung:\n" + j.tail());
            j.awaitLog("Booting worker with pid:", 2, Duration.ofSeconds(30));
            assertTrue(j.process().isAlive(), "a boot timeout is not an app error: the master replaces the worker");
        }
    }

    @Test
    void portInUseIsRetriedThenFailsWithExitOne() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             Jarbiter j = Jarbiter.start(dir, Map.of(), "-b", "127.0.0.1:" + taken.getLocalPort(), Jarbiter.exampleApp(dir, "").toString())) {
            assertEquals(1, j.awaitExit(Duration.ofSeconds(30)), j.tail());
            assertEquals(5, Jarbiter.occurrences(j.log(), "Connection in use: 127.0.0.1:" + taken.getLocalPort()), j.tail());
            assertTrue(j.log().contains("address already in use"), j.tail());
        }
    }
}
