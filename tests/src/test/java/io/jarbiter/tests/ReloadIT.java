package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGHUP: a new generation boots beside the old one; not one request is dropped; failures roll back. */
@Timeout(240)
class ReloadIT {
    @TempDir
    Path dir;

    @Test
    void threeReloadsUnderKeepAliveAndFreshConnectionLoadDropNothing() throws Exception {
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "2", Jarbiter.exampleApp(dir, "").toString())) {
            int port = j.awaitReady();
            // one keep-alive client per worker (new connections go to the worker holding fewer) and one on fresh connections
            try (LoadGenerator keepAlive = new LoadGenerator(port, "/hello", 2, true, 120).start();
                 LoadGenerator fresh = new LoadGenerator(port, "/hello", 1, false, 120).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> keepAlive.ok() > 200 && fresh.ok() > 50);
                for (int reload = 1; reload <= 3; reload++) {
                    j.signal("HUP");
                    j.awaitLog("Reload complete", reload, Duration.ofSeconds(60));
                    long before = keepAlive.ok() + fresh.ok();
                    await().atMost(Duration.ofSeconds(20)).until(() -> keepAlive.ok() + fresh.ok() > before + 100);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> j.workerPids().size() == 2);
                keepAlive.stop();
                fresh.stop();
                assertEquals(List.of(), keepAlive.errors(), "keep-alive requests dropped during reloads");
                assertEquals(List.of(), fresh.errors(), "fresh-connection requests dropped during reloads");
                assertTrue(keepAlive.ok() > 0 && fresh.ok() > 0);
            }
            assertEquals(8, j.bootedPids().size(), "2 workers for start and for each of 3 reloads");
        }
    }

    @Test
    void reloadAppliesANewWorkerCount() throws Exception {
        Path app = oneWorkerApp();
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            j.awaitReady();
            Files.writeString(app, Files.readString(app).replace("workers: 1", "workers: 2"));
            j.signal("HUP");
            j.awaitLog("Reload complete");
            await().atMost(Duration.ofSeconds(60)).until(() -> j.workerPids().size() == 2);
        }
    }

    @Test
    void reloadWhoseServiceClassIsMissingKeepsTheOldGenerationServing() throws Exception {
        Path app = oneWorkerApp();
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            int port = j.awaitReady();
            List<Long> before = j.workerPids();
            Files.writeString(app, Files.readString(app).replace("io.jarbiter.examples.HelloService", "com.acme.Missing"));
            j.signal("HUP");
            j.awaitLog("Reload failed");
            assertTrue(j.log().contains("com.acme.Missing"), j.tail());
            await().atMost(Duration.ofSeconds(30)).until(() -> j.workerPids().equals(before));
            assertEquals("Hello, World!", Http.get(port, "/hello").body());
        }
    }

    /**
     * The master plans a warm-up (JARBITER_BOOT_PLAN) only for a worker that boots while other workers serve and
     * have traffic (the connection board); a warm-up that ran ends with a full collection (seen in the workers'
     * GC logs).
     */
    @Test
    void workersBootingBesideServingOnesWarmUpFirstWhileThereIsTrafficAndTheOnlyOneDoesNot() throws Exception {
        Path gcLogs = Files.createDirectories(dir.resolve("gc"));
        Path app = Jarbiter.exampleApp(dir, "workers: 1\nloglevel: debug\njvm_args: ['-Xlog:gc:file=" + gcLogs + "/gc-%p.log']\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            int port = j.awaitReady();
            assertFalse(j.log().contains("Warm-up before the first accept"), "the only worker takes connections at once:\n" + j.tail());
            j.signal("TTIN");
            await().atMost(Duration.ofSeconds(60)).until(() -> j.log().lines().filter(l -> l.contains("booted in")).count() == 2);
            assertFalse(j.log().contains("Warm-up before the first accept"), "nor does one TTIN adds while nobody has traffic:\n" + j.tail());
            // requests over keep-alive connections until the reload is done: the new worker warms up in full
            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicInteger served = new AtomicInteger();
            Thread load = new Thread(() -> {
                while (loading.get()) {
                    try {
                        if (Http.get(port, "/hello").statusCode() == 200) served.incrementAndGet();
                    } catch (Exception e) {
                        return; // the assertions below say what went wrong
                    }
                }
            }, "load");
            load.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> served.get() > 20);
                j.signal("HUP");
                j.awaitLog("Reload complete");
            } finally {
                loading.set(false);
                load.join(10_000);
            }
            assertEquals(1, j.log().lines().filter(l -> l.contains("Warm-up before the first accept: 400 of 400")
                            && l.contains("then a full collection in")).count(),
                    "the new generation's one worker (app.yaml says 1), which boots beside the old under load:\n" + j.tail());
            assertEquals("Hello, World!", Http.get(port, "/hello").body());
            await().atMost(Duration.ofSeconds(30)).until(() -> j.workerPids().size() == 1);
            assertEquals(List.of("gc-" + j.workerPids().get(0) + ".log"), explicitlyCollected(gcLogs),
                    "only the worker that warmed up collected (not the first, nor the one TTIN added while idle)");
        }
    }

    /** The example app with one worker: what a reload does with the workers does not depend on their number. */
    private Path oneWorkerApp() throws IOException {
        Path app = Jarbiter.exampleApp(dir, "");
        Files.writeString(app, Files.readString(app).replace("workers: 2", "workers: 1"));
        return app;
    }

    /** The GC logs (-Xlog:gc) that show a System.gc() collection. */
    private static List<String> explicitlyCollected(Path gcLogs) throws IOException {
        try (Stream<Path> logs = Files.list(gcLogs)) {
            return logs.filter(log -> {
                try {
                    return Files.readString(log).contains("(System.gc())");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).map(log -> log.getFileName().toString()).toList();
        }
    }

    @Test
    void reloadWithJvmArgsTheWorkerJvmRefusesIsRolledBackWithoutSpawningOne() throws Exception {
        Path app = oneWorkerApp();
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            int port = j.awaitReady();
            List<Long> before = j.workerPids();
            long booted = j.log().lines().filter(l -> l.contains("Booting worker")).count();
            Files.writeString(app, Files.readString(app) + "jvm_args: [-XX:NoSuchFlag=1]\n");
            j.signal("HUP");
            j.awaitLog("Reload failed");
            assertTrue(j.log().contains("'jvm_args' [-XX:NoSuchFlag=1]: the worker JVM does not start with these options"), j.tail());
            assertEquals(booted, j.log().lines().filter(l -> l.contains("Booting worker")).count(), "no worker of the refused configuration:\n" + j.tail());
            assertEquals(before, j.workerPids());
            assertEquals("Hello, World!", Http.get(port, "/hello").body());
            // the next HUP, with the option gone, reloads
            Files.writeString(app, Files.readString(app).replace("jvm_args: [-XX:NoSuchFlag=1]\n", ""));
            j.signal("HUP");
            j.awaitLog("Reload complete");
            assertEquals("Hello, World!", Http.get(port, "/hello").body());
        }
    }

    @Test
    void invalidAppYamlOnHupIsRejectedWithTheErrorAndTheOldConfigKept() throws Exception {
        Path app = oneWorkerApp();
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            int port = j.awaitReady();
            List<Long> before = j.workerPids();
            Files.writeString(app, Files.readString(app) + "wokers: 3\n");
            j.signal("HUP");
            j.awaitLog("Reload rejected");
            assertTrue(j.log().contains("wokers"), j.tail());
            assertEquals(before, j.workerPids());
            assertEquals("Hello, World!", Http.get(port, "/hello").body());
        }
    }

    @Test
    void changedBindRebindsOnReload() throws Exception {
        Path app = oneWorkerApp();
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            int oldPort = j.awaitReady();
            Files.writeString(app, Files.readString(app).replace("bind: 127.0.0.1:0", "bind: [127.0.0.1:0, '[::1]:0']"));
            j.signal("HUP");
            j.awaitLog("Reload complete");
            assertTrue(j.log().contains("Listening at: http://[::1]:"), j.tail());
            String v6 = j.log().replaceAll("(?s).*Listening at: http://\\[::1]:(\\d+).*", "$1");
            assertEquals("Hello, World!", Http.get(java.net.URI.create("http://[::1]:" + v6 + "/hello")).body());
            assertTrue(oldPort > 0);
        }
    }
}
