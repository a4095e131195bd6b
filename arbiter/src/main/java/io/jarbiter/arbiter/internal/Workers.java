package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.hooks.ArbiterHooks;
import io.jarbiter.hooks.ArbiterInfo;
import io.jarbiter.hooks.WorkerInfo;
import io.jarbiter.hooks.internal.HookSet;
import io.jarbiter.posix.Signals;
import io.jarbiter.process.BootPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The worker table and the mechanics of acting on it: spawn, signal, notice boots, murder the stale,
 * stop everyone. Owned by the arbiter's main thread (no locking). The arbiter decides <i>when</i>.
 */
final class Workers {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.arbiter");
    /** How long after SIGABRT (thread dump) a worker still alive gets SIGKILL. */
    static final long ABORT_GRACE_NANOS = 1_000_000_000L;
    private final ArbiterContext ctx;
    private final Supplier<ArbiterInfo> arbiterInfo;
    private final Map<Integer, Worker> table = new LinkedHashMap<>();
    private int lastAge;

    Workers(ArbiterContext ctx, Supplier<ArbiterInfo> arbiterInfo) {
        this.ctx = ctx;
        this.arbiterInfo = arbiterInfo;
    }

    Worker spawn(Config config, int generation, int[] fds, HookSet<ArbiterHooks> hooks) throws IOException {
        int age = ++lastAge;
        hooks.call("preFork", h -> h.preFork(arbiterInfo.get(), new WorkerInfo(0, age, generation, ctx.pid(), "")));
        WorkerSpawner.Spawned s = ctx.spawner().spawn(new WorkerSpec(config, age, generation, fds, bootPlan()));
        Worker w = new Worker(s.pid(), age, generation, s.heartbeat(), ctx.clock().nanoTime());
        table.put(w.pid, w);
        return w;
    }

    /**
     * The one decision about a boot, made here and followed by the worker's JVM options and by the worker: a
     * warm-up delays the first accept by ~0.1 s, worth it only while other workers take the connections and have
     * traffic; without a warm-up the JVM also skips replaying the archive's training profiles
     * ({@link WorkerJvmOptions#withoutWarmUp}).
     */
    private BootPlan bootPlan() {
        boolean othersServe = table.values().stream().anyMatch(w -> w.booted && !w.stopping());
        return othersServe && ctx.spawner().hasTraffic() ? BootPlan.WARM_UP : BootPlan.COLD;
    }

    Worker remove(int pid) {
        Worker w = table.remove(pid);
        if (w != null) {
            w.finalScoreboard = w.heartbeat.scoreboard(); // its last write: the fd is still ours to read
            w.heartbeat.close();
        }
        return w;
    }

    /** Workers of {@code generation} that are not being stopped. */
    List<Worker> active(int generation) {
        List<Worker> result = new ArrayList<>();
        for (Worker w : table.values()) {
            if (w.generation == generation && !w.stopping()) result.add(w);
        }
        return result;
    }

    boolean allBooted(int generation, int target) {
        List<Worker> current = active(generation);
        return current.size() >= target && current.stream().allMatch(w -> w.booted);
    }

    /** True while some worker is still booting or stopping: the main loop then polls faster. */
    boolean settling() {
        return table.values().stream().anyMatch(w -> !w.booted || w.stopping());
    }

    void noticeBooted() {
        for (Worker w : table.values()) {
            if (!w.booted && w.heartbeat.lastBeatNanos() != w.createdBeat) {
                w.booted = true;
                LOG.debug("Worker {} booted in {} ms", w.pid, (ctx.clock().nanoTime() - w.spawnedAt) / 1_000_000);
            }
        }
    }

    void retireOtherGenerations(int generation) {
        for (Worker w : table.values()) {
            if (w.generation != generation && !w.stopping()) terminate(w, Signals.TERM);
        }
    }

    void terminate(Worker w, int sig) {
        if (sig == Signals.TERM) w.termSentAt = ctx.clock().nanoTime();
        else w.quit = true;
        ctx.spawner().kill(w.pid, sig);
    }

    void signalAll(int sig) {
        for (Worker w : table.values()) ctx.spawner().kill(w.pid, sig);
    }

    /**
     * gunicorn's murder_workers, plus boot and stop deadlines: a booted worker whose heartbeat is older
     * than {@code timeout}, or a worker not booted within {@code worker_boot_timeout}, gets SIGABRT (it
     * writes a thread dump) and SIGKILL a second later; a worker TERMed longer than
     * {@code graceful_timeout} ago gets SIGKILL.
     */
    void murder(Config config) {
        long now = ctx.clock().nanoTime();
        long wall = ctx.clock().wallNanos();
        for (Worker w : table.values()) {
            if (w.abortedAt >= 0) {
                if (now - w.abortedAt >= ABORT_GRACE_NANOS) ctx.spawner().kill(w.pid, Signals.KILL);
            } else if (w.termSentAt >= 0) {
                if (now - w.termSentAt >= config.gracefulTimeout().toNanos()) {
                    LOG.warn("Worker {} still running {} s after TERM (graceful_timeout); killing it", w.pid, config.gracefulTimeout().toSeconds());
                    ctx.spawner().kill(w.pid, Signals.KILL);
                    w.abortedAt = now;
                }
            } else if (!w.booted) {
                if (now - w.spawnedAt >= config.workerBootTimeout().toNanos()) {
                    LOG.error("WORKER BOOT TIMEOUT (pid:{}): not booted within worker_boot_timeout ({} s)", w.pid, config.workerBootTimeout().toSeconds());
                    w.abortReason = ArbiterStats.BOOT_TIMEOUT;
                    abort(w, now);
                }
            } else if (!config.timeout().isZero() && !w.quit && wall - w.heartbeat.lastBeatNanos() >= config.timeout().toNanos()) {
                LOG.error("WORKER TIMEOUT (pid:{})", w.pid);
                w.abortReason = ArbiterStats.TIMEOUT;
                abort(w, now);
            }
        }
    }

    private void abort(Worker w, long now) {
        w.abortedAt = now;
        ctx.spawner().kill(w.pid, Signals.ABRT);
    }

    /**
     * Sends TERM (or QUIT) to every worker and runs {@code reap} (the arbiter's, which removes them from this
     * table) until none is left or the deadline passes, then KILLs the rest. A second INT/QUIT during a graceful
     * stop switches to QUIT at once.
     */
    void stopAll(boolean graceful, Duration gracefulTimeout, Runnable reap) {
        if (table.isEmpty()) return;
        long limit = ctx.clock().nanoTime() + (graceful ? gracefulTimeout : min(gracefulTimeout, Duration.ofSeconds(5))).toNanos();
        for (Worker w : table.values()) terminate(w, graceful ? Signals.TERM : Signals.QUIT);
        while (!table.isEmpty() && ctx.clock().nanoTime() < limit) {
            Integer sig = ctx.signals().next(50);
            if (graceful && sig != null && (sig == Signals.INT || sig == Signals.QUIT)) {
                LOG.info("Handling signal: {} during graceful stop: stopping quickly", Signals.name(sig));
                graceful = false;
                limit = Math.min(limit, ctx.clock().nanoTime() + Duration.ofSeconds(5).toNanos());
                for (Worker w : table.values()) terminate(w, Signals.QUIT);
            }
            reap.run();
        }
        if (!table.isEmpty()) {
            LOG.warn("{} worker(s) still running at the stop deadline; sending SIGKILL", table.size());
            for (Worker w : table.values()) ctx.spawner().kill(w.pid, Signals.KILL);
            long killLimit = ctx.clock().nanoTime() + Duration.ofSeconds(2).toNanos();
            while (!table.isEmpty() && ctx.clock().nanoTime() < killLimit) {
                ctx.signals().next(20);
                reap.run();
            }
        }
    }

    WorkerInfo info(Worker w, String exitStatus) {
        return new WorkerInfo(w.pid, w.age, w.generation, ctx.pid(), exitStatus);
    }

    List<Worker> all() {
        return List.copyOf(table.values());
    }

    /** Each live worker's row for {@code jarbiter status}: its scoreboard, heartbeat age and resident memory. */
    List<MasterStatus.WorkerStatus> status() {
        long now = ctx.clock().nanoTime(), wall = ctx.clock().wallNanos();
        List<MasterStatus.WorkerStatus> rows = new ArrayList<>();
        for (Worker w : table.values()) {
            io.jarbiter.process.Scoreboard sb = w.heartbeat.scoreboard();
            rows.add(new MasterStatus.WorkerStatus(w.pid, w.age, w.generation, w.booted, w.stopping(),
                    (now - w.spawnedAt) / 1_000_000, sb.requests(), sb.inFlight(),
                    w.booted ? Math.max(0, (wall - w.heartbeat.lastBeatNanos()) / 1_000_000) : -1, rssBytes(w.pid)));
        }
        return rows;
    }

    /** Resident set size from /proc/PID/statm (pages × 4 KiB); 0 when unreadable. */
    static long rssBytes(int pid) {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/statm")).trim().split(" ");
            return Long.parseLong(f[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
