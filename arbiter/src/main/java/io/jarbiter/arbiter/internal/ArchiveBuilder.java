package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.posix.Reaped;
import io.jarbiter.posix.Signals;
import io.jarbiter.process.BootPlan;
import io.jarbiter.process.WorkerContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code jarbiter --build-archive app.yaml}: boots one worker of this app in training mode on a private
 * loopback listener, sends it a few warm-up requests, stops it with TERM, and the worker JVM writes the
 * class-data archive as it exits. The archive is written to a temporary name and renamed into place,
 * so a worker never maps a half-written file. Serving masters pick it up at their next spawn.
 */
public final class ArchiveBuilder {
    /**
     * Training requests: they load undertow's request path and the JSON error responses into the archive. On
     * JDK 25 the AOT cache also keeps the method profiles of the training run, so the more often the request
     * path runs here, the sooner a new worker's JIT compiles it, and the sooner a new generation's latency is
     * back to normal after a reload's handover (bench/results/NOTES.md).
     */
    private static final List<String> WARMUP_PATHS = List.of("/", "/favicon.ico", "/jarbiter-warmup/1?x=1");
    private static final int WARMUP_ROUNDS = 500;
    /** Writing the archive happens after the worker stops; on JDK 25 it runs a second JVM and takes seconds. */
    private static final Duration DUMP_TIMEOUT = Duration.ofMinutes(5);

    private final Config config;
    private final PosixSpawner spawner;
    private final PrintStream out;
    private final PrintStream err;

    public ArchiveBuilder(Config config, PosixSpawner spawner, PrintStream out, PrintStream err) {
        this.config = config;
        this.spawner = spawner;
        this.out = out;
        this.err = err;
    }

    /** Builds the archive; returns the exit code (0, or 1 with one error line on stderr). */
    public int run() {
        ClassDataArchive.Result located;
        try {
            located = spawner.commandLine().locateArchive(config); // takes the code snapshot the training worker runs, as serving workers will
        } catch (IOException e) {
            err.println("Error: cannot build a class-data archive: " + e.getMessage());
            return WorkerContract.EXIT_ERROR;
        }
        if (located.archive().isEmpty()) {
            err.println("Error: cannot build a class-data archive: " + located.whyNot());
            return WorkerContract.EXIT_ERROR;
        }
        ClassDataArchive archive = located.archive().get();
        Path tmp = archive.trainingOutput();
        long started = System.nanoTime();
        try {
            Files.createDirectories(archive.file().getParent());
            train();
            if (!Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                throw new IOException("the worker exited but wrote no archive to " + tmp + " (see its log above)");
            }
            Files.move(tmp, archive.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            err.println("Error: cannot build the " + archive.kind() + " " + archive.file() + ": " + e.getMessage());
            return WorkerContract.EXIT_ERROR;
        } finally {
            deleteQuietly(tmp);
        }
        out.printf("Built the %s %s (%d MB) in %.1f s%n", archive.kind(), archive.file(),
                archive.file().toFile().length() >> 20, (System.nanoTime() - started) / 1e9);
        return WorkerContract.EXIT_OK;
    }

    private void train() throws IOException {
        List<Listeners.Listener> listeners = Listeners.bind(List.of("127.0.0.1:0"), 16);
        int[] fds = listeners.stream().mapToInt(Listeners.Listener::fd).toArray();
        WorkerSpawner.Spawned worker = spawner.spawn(new WorkerSpec(config, 1, 1, fds, BootPlan.TRAINING)); // writes to archive.trainingOutput()
        try {
            awaitBoot(worker);
            int port = io.jarbiter.posix.Posix.get().localAddress(fds[0]).port();
            for (int i = 0; i < WARMUP_ROUNDS; i++) {
                for (String path : WARMUP_PATHS) get("http://127.0.0.1:" + port + path);
            }
            spawner.kill(worker.pid(), Signals.TERM);
            Reaped exit = awaitExit(worker.pid(), DUMP_TIMEOUT);
            if (!exit.exited() || exit.exitCode() != 0) {
                throw new IOException("the training worker (pid " + worker.pid() + ") " + exit.describe());
            }
        } finally {
            spawner.kill(worker.pid(), Signals.KILL);
            worker.heartbeat().close();
            Listeners.close(listeners);
        }
    }

    /** Booted once the worker touched its heartbeat (WorkerContract); fails if it exits first. */
    private void awaitBoot(WorkerSpawner.Spawned worker) throws IOException {
        long created = worker.heartbeat().lastBeatNanos();
        long deadline = System.nanoTime() + config.workerBootTimeout().toNanos();
        while (worker.heartbeat().lastBeatNanos() == created) {
            for (Reaped r : spawner.reap()) {
                if (r.pid() == worker.pid()) throw new IOException("the training worker (pid " + r.pid() + ") " + r.describe() + " while booting (see its log above)");
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the training worker did not boot within worker_boot_timeout (" + config.workerBootTimeout().toSeconds() + " s)");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polling a file's ctime; bounded above
        }
    }

    private Reaped awaitExit(int pid, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Reaped r : spawner.reap()) if (r.pid() == pid) return r;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // polling waitpid(WNOHANG); bounded above
        }
        throw new IOException("the training worker (pid " + pid + ") did not exit within " + timeout.toSeconds() + " s");
    }

    private static void get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(10_000);
        c.getResponseCode();
        try (InputStream body = c.getErrorStream() != null ? c.getErrorStream() : c.getInputStream()) {
            body.readAllBytes();
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temporary file is harmless: its name never matches an archive
        }
    }
}
