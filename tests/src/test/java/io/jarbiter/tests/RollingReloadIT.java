package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code reload_strategy: rolling}: HUP replaces the workers one at a time, never more than workers + 1 JVMs. */
@Timeout(240)
class RollingReloadIT {
    @TempDir
    Path dir;

    /** Samples the master's live children until closed: what a memory-short host would see. */
    static final class ChildWatch implements AutoCloseable {
        final List<List<Long>> snapshots = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        ChildWatch(Jarbiter j) {
            thread = new Thread(() -> {
                while (running.get()) {
                    List<Long> pids = j.workerPids();
                    if (snapshots.isEmpty() || !snapshots.get(snapshots.size() - 1).equals(pids)) snapshots.add(pids);
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000); // a sampling interval, not a synchronisation
                }
            }, "child-watch");
            thread.setDaemon(true);
            thread.start();
        }

        int peak() {
            return snapshots.stream().mapToInt(List::size).max().orElse(0);
        }

        /** Snapshots in which more than one worker appeared (or disappeared) at once. */
        List<String> jumps() {
            List<String> jumps = new ArrayList<>();
            for (int i = 1; i < snapshots.size(); i++) {
                Set<Long> added = new HashSet<>(snapshots.get(i)), removed = new HashSet<>(snapshots.get(i - 1));
                added.removeAll(snapshots.get(i - 1));
                removed.removeAll(snapshots.get(i));
                if (added.size() > 1 || removed.size() > 1) jumps.add(snapshots.get(i - 1) + " -> " + snapshots.get(i));
            }
            return jumps;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }

    @Test
    void rollingReloadUnderLoadDropsNothingAndNeverRunsMoreThanOneExtraWorker() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "reload_strategy: rolling\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "3", app.toString())) {
            int port = j.awaitReady();
            await().atMost(Duration.ofSeconds(30)).until(() -> j.workerPids().size() == 3);
            List<Long> before = j.workerPids();
            // one keep-alive client per worker (new connections go to the worker holding fewer) and one on fresh connections
            try (LoadGenerator keepAlive = new LoadGenerator(port, "/hello", 3, true, 120).start();
                 LoadGenerator fresh = new LoadGenerator(port, "/hello", 1, false, 120).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> keepAlive.ok() > 200 && fresh.ok() > 50);
                List<Long> after;
                try (ChildWatch watch = new ChildWatch(j)) {
                    j.signal("HUP");
                    j.awaitLog("Reload complete", 1, Duration.ofSeconds(120));
                    await().atMost(Duration.ofSeconds(60)).until(() -> j.workerPids().size() == 3);
                    after = j.workerPids();
                    long ok = keepAlive.ok() + fresh.ok();
                    await().atMost(Duration.ofSeconds(20)).until(() -> keepAlive.ok() + fresh.ok() > ok + 100);
                    watch.close();
                    assertTrue(watch.peak() <= 4, "peak " + watch.peak() + " worker processes: " + watch.snapshots);
                    assertEquals(List.of(), watch.jumps(), "workers replaced one at a time: " + watch.snapshots);
                }
                keepAlive.stop();
                fresh.stop();
                assertEquals(List.of(), keepAlive.errors(), "keep-alive requests dropped during the rolling reload");
                assertEquals(List.of(), fresh.errors(), "fresh-connection requests dropped during the rolling reload");
                assertTrue(after.stream().noneMatch(before::contains), "every worker replaced: " + before + " -> " + after);
            }
            // one old worker retired per new one booted; the last goes with "Reload complete"
            assertEquals(2, Jarbiter.occurrences(j.log(), "Rolling reload: retiring"), j.tail());
            assertEquals(6, j.bootedPids().size(), "3 workers at start, 3 for the reload");
        }
    }

    /** The first new worker boots, the second cannot: the old configuration comes back to 3 workers, one at a time. */
    @Test
    void rollingReloadWhoseSecondWorkerFailsToBootBringsTheOldGenerationBack() throws Exception {
        Path app = Jarbiter.testApp(dir, "workers: 3\nreload_strategy: rolling\n");
        Files.writeString(app, Files.readString(app).replace("workers: 1\n", ""));
        Path marker = dir.resolve("fail-from-now-on");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            int port = j.awaitReady();
            await().atMost(Duration.ofSeconds(30)).until(() -> j.workerPids().size() == 3);
            List<Long> before = j.workerPids();
            Files.writeString(app, Files.readString(app) + "fail_on_start_when: " + marker + "\n");
            try (ChildWatch watch = new ChildWatch(j)) {
                j.signal("HUP");
                j.awaitLog("Rolling reload: retiring", 1, Duration.ofSeconds(60));
                Files.writeString(marker, "");
                j.awaitLog("Reload failed", 1, Duration.ofSeconds(60));
                j.awaitLog("Rollback complete", 1, Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(60)).until(() -> j.workerPids().size() == 3);
                watch.close();
                assertTrue(watch.peak() <= 4, "peak " + watch.peak() + ": " + watch.snapshots);
            }
            assertTrue(j.log().contains("rolling back: generation 1 is brought back to 3 worker(s) one at a time"), j.tail());
            assertTrue(j.log().contains("fail_on_start_when: " + marker + " exists"), j.tail());
            List<Long> after = j.workerPids();
            List<Long> booted = j.bootedPids();
            long newBooted = booted.get(3); // the first worker of generation 2: it booted, then was replaced
            assertFalse(after.contains(newBooted), "the new worker that booted is retired: " + after);
            assertEquals(2, after.stream().filter(before::contains).count(), "two old workers never stopped: " + before + " -> " + after);
            assertEquals(200, Http.get(port, "/hello").statusCode());
        }
    }
}
