package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.conf.ConfigException;
import io.jarbiter.hooks.ArbiterHooks;
import io.jarbiter.hooks.internal.HookLoadException;
import io.jarbiter.hooks.internal.HookSet;
import io.jarbiter.logging.LogSetup;
import io.jarbiter.posix.Reaped;
import io.jarbiter.posix.Signals;
import io.jarbiter.process.WorkerContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * The master process, gunicorn's arbiter on the JVM. One thread owns all of its state: the main loop
 * takes a signal from the queue (or times out), handles it in a {@code handleX} method, then runs
 * {@link #tick()}: reap, murder, notice booted workers, manage the worker count. The signal thread
 * only enqueues. Reloads and worker bookkeeping live in {@link Workers}; this class decides.
 */
public final class Arbiter {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.arbiter");
    /** The loop's wait while workers boot or stop: a few fstat calls per turn, for a boot noticed within 20 ms. */
    static final long SETTLING_POLL_MILLIS = 20;
    private final ArbiterContext ctx;
    private final Workers workers;
    private final ArbiterStats stats = new ArbiterStats();
    private final StatusRequests statusRequests;
    private AutoCloseable control = () -> { };
    private long startedAt;
    private Config config;
    private HookSet<ArbiterHooks> hooks = HookSet.empty();
    private List<Listeners.Listener> listeners = List.of();
    private Pidfile pidfile;
    private int numWorkers;
    private int generation;
    private int lastGeneration;
    private boolean ready;
    private Reload reload;
    /** Set while a rolling reload (or its rollback) replaces the workers one at a time; null otherwise. */
    private RollingReload rolling;
    private long respawnNotBefore;
    /** The new master a USR2 started, while it runs (our child: we reap it); 0 when none. */
    private int reexecPid;
    private long lastWatchdog;
    private boolean stoppingNotified;

    public Arbiter(ArbiterContext ctx, Config config) {
        this.ctx = ctx;
        this.config = config;
        this.workers = new Workers(ctx, this::info);
        this.statusRequests = new StatusRequests(ctx.signals());
    }

    /** Runs the master until it stops; returns the process exit code. */
    public int run() {
        try {
            start();
            while (true) {
                step(ctx.signals().next(pollMillis()));
            }
        } catch (HaltException e) {
            return halt(e.exitCode(), e.getMessage());
        } catch (RuntimeException | Error e) {
            LOG.error("Unhandled exception in main loop", e);
            stop(false);
            return halt(WorkerContract.EXIT_ERROR, null);
        }
    }

    /** One turn of the main loop: handle the signal (if any), then housekeeping. */
    void step(Integer sig) {
        if (sig != null) handle(sig);
        tick();
        statusRequests.answer(this::status);
    }

    void start() {
        LOG.info("Starting jarbiter {}", ctx.version());
        config.serviceConfigWarnings().forEach(w -> LOG.warn("{}", w));
        startedAt = ctx.clock().nanoTime();
        hooks = loadHooks(config);
        try {
            hooks.callStrict("onStarting", h -> h.onStarting(info()));
        } catch (HookLoadException e) {
            throw new HaltException(WorkerContract.EXIT_ERROR, e.getMessage());
        }
        ListenerTlsCheck.atStart(config);
        config.pidfile().ifPresent(p -> pidfile = Pidfile.create(p, ctx.pid()));
        listeners = ctx.binder().bind(config);
        for (Listeners.Listener l : listeners) LOG.info("Listening at: {} ({})", url(l), ctx.pid());
        control = ctx.control().open(config, ctx.signals(), statusRequests);
        numWorkers = config.workers();
        generation = lastGeneration = 1;
        manageWorkers();
    }

    private void handle(int sig) {
        if (sig == Signals.WAKE) return; // a status request: answered after tick()
        if (sig != Signals.CHLD) LOG.info("Handling signal: {}", Signals.name(sig));
        switch (sig) {
            case Signals.CHLD -> { } // tick() reaps
            case Signals.HUP -> handleHup();
            case Signals.TERM -> handleTerm();
            case Signals.INT, Signals.QUIT -> handleQuit();
            case Signals.TTIN -> handleTtin();
            case Signals.TTOU -> handleTtou();
            case Signals.USR1 -> handleUsr1();
            case Signals.WINCH -> handleWinch();
            case Signals.USR2 -> handleUsr2();
            default -> LOG.debug("Ignoring signal {}", Signals.name(sig));
        }
    }

    /** One pass of housekeeping after every signal or poll time-out. */
    void tick() {
        watchdog();
        reapWorkers();
        workers.murder(config);
        noticeBooted();
        ctx.spawner().retainCode(reload == null ? List.of(config) : List.of(config, reload.previousConfig()));
        manageWorkers();
    }

    /**
     * HUP: re-read app.yaml, boot a new generation beside the old one, retire the old one once it booted
     * ({@code reload_strategy: rolling}: one worker at a time; a HUP during a roll waits for its end).
     */
    private void handleHup() {
        if (rolling != null) {
            rolling.hupPending = true;
            LOG.info("HUP queued: a rolling reload is under way; app.yaml is read again once it is over");
            return;
        }
        ctx.notifier().notify("RELOADING=1\nMONOTONIC_USEC=" + ctx.clock().nanoTime() / 1000 + "\nSTATUS=Reloading " + config.appYaml());
        Config next;
        try {
            next = config.reload();
        } catch (ConfigException e) {
            rejectReload(e.getMessage());
            return;
        }
        next.serviceConfigWarnings().forEach(w -> LOG.warn("{}", w));
        String tlsProblem = ListenerTlsCheck.onReload(next);
        if (tlsProblem != null) {
            rejectReload(tlsProblem);
            return;
        }
        // A HUP while the last reload's generation still boots replaces that generation: it never served, so the
        // generation to return to on failure (and to retire on success) stays the one that serves now.
        Reload pending = reload;
        if (pending != null) abandonPendingGeneration();
        List<Listeners.Listener> nextListeners = listeners;
        if (!next.bind().equals(config.bind())) {
            try {
                nextListeners = ctx.binder().bind(next);
            } catch (HaltException e) {
                rejectReload(e.getMessage());
                return;
            }
        }
        if (nextListeners != listeners || ListenerTlsCheck.schemeChanged(config, next)) {
            for (Listeners.Listener l : nextListeners) LOG.info("Listening at: {} ({})", ListenerTlsCheck.url(l, next), ctx.pid());
        }
        HookSet<ArbiterHooks> nextHooks;
        try {
            nextHooks = loadHooks(next);
        } catch (HaltException e) {
            if (nextListeners != listeners) ctx.binder().close(nextListeners);
            rejectReload(e.getMessage());
            return;
        }
        stats.reloaded();
        if (pending == null) {
            reload = new Reload(config, generation, numWorkers, listeners, hooks);
        } else if (listeners != pending.previousListeners() && listeners != nextListeners) {
            ctx.binder().close(listeners); // bound for the abandoned generation only
        }
        rolling = RollingReload.STRATEGY.equals(next.get(io.jarbiter.conf.Settings.RELOAD_STRATEGY)) ? new RollingReload(workers, false) : null;
        config = next;
        listeners = nextListeners;
        hooks = nextHooks;
        generation = ++lastGeneration;
        setNumWorkers(next.workers());
        hooks.call("onReload", h -> h.onReload(info()));
        LogSetup.configure(ctx.pid(), next, false);
        manageWorkers();
    }

    private void rejectReload(String why) {
        LOG.error("Reload rejected, keeping the running configuration: {}", why);
        ctx.notifier().notify("READY=1\nSTATUS=Reload rejected (" + why + "); " + serving());
    }

    /** The service manager's one-line status: what serves, where. */
    private String serving() {
        return "serving with " + numWorkers + " worker(s), generation " + generation + ", on " + String.join(", ", urls());
    }

    /** TERM: graceful stop. */
    private void handleTerm() {
        stop(true);
        throw new HaltException(WorkerContract.EXIT_OK, null);
    }

    /** INT, QUIT: quick stop. */
    private void handleQuit() {
        stop(false);
        throw new HaltException(WorkerContract.EXIT_OK, null);
    }

    /** TTIN: one worker more. */
    private void handleTtin() {
        setNumWorkers(numWorkers + 1);
    }

    /** TTOU: one worker fewer, never below one. */
    private void handleTtou() {
        if (numWorkers > 1) setNumWorkers(numWorkers - 1);
    }

    /** USR1: reopen log files here and in every worker. */
    private void handleUsr1() {
        LogSetup.reopen();
        workers.signalAll(Signals.USR1);
    }

    /**
     * USR2: start a new master (new jars, new JVM flags) on our listening sockets. This master keeps
     * serving, its pidfile renamed to {@code <pidfile>.oldbin}, until the operator sends it WINCH and
     * TERM; HUP before then brings its workers back. If the new master dies first, this one takes
     * its pidfile and control socket back.
     */
    private void handleUsr2() {
        if (reexecPid != 0) {
            LOG.warn("USR2 ignored: the new master (pid {}) started by the last USR2 is still running", reexecPid);
            return;
        }
        String parent = System.getenv(Reexec.ENV_PARENT);
        if (parent != null && ProcessHandle.of(Long.parseLong(parent)).map(ProcessHandle::isAlive).orElse(false)) {
            LOG.warn("USR2 ignored: the master this one upgraded (pid {}) is still alive; send it TERM first", parent);
            return;
        }
        hooks.call("preExec", h -> h.preExec(info()));
        java.nio.file.Path oldbin = null;
        try {
            if (pidfile != null) {
                java.nio.file.Path path = pidfile.path();
                oldbin = path.resolveSibling(path.getFileName() + ".oldbin");
                pidfile.moveTo(oldbin);
            }
            // the side doors (control socket, metrics listener) pass to the new master; they come back if it dies
            closeQuietly(control);
            control = () -> { };
            reexecPid = ctx.upgrader().spawn(listeners.stream().mapToInt(Listeners.Listener::fd).toArray(), ctx.pid());
            ctx.binder().sharedWith(reexecPid);
        } catch (java.io.IOException | HaltException e) {
            LOG.error("Upgrade failed: cannot start a new master: {}; this master keeps serving", e.getMessage());
            if (oldbin != null) pidfile.moveTo(config.pidfile().orElseThrow());
            reopenControl();
            return;
        }
        LOG.info("Upgrade: started a new master (pid: {}) on the same listeners{}; once it serves, send this master (pid: {}) "
                + "WINCH then TERM, or HUP to roll back", reexecPid, oldbin == null ? "" : "; the pidfile of this one is now " + oldbin, ctx.pid());
    }

    /** The USR2 master exited before this one: we are in charge again, as gunicorn's arbiter is. */
    private void newMasterExited(Reaped r) {
        reexecPid = 0;
        // pidfile and control socket first, then the line that says so: whoever acts on it finds them ours
        if (pidfile != null) pidfile.moveTo(config.pidfile().orElseThrow());
        reopenControl();
        LOG.error("The new master (pid: {}) exited ({}); this master (pid: {}) is in charge again", r.pid(), r.describe(), ctx.pid());
    }

    /** Takes the control socket and metrics listener back after an upgrade; failing is logged, never fatal. */
    private void reopenControl() {
        closeQuietly(control);
        try {
            control = ctx.control().open(config, ctx.signals(), statusRequests);
        } catch (HaltException e) {
            control = () -> { };
            LOG.error("{}", e.getMessage());
        }
    }

    /** WINCH: stop every worker gracefully but keep the master (HUP brings them back). */
    private void handleWinch() {
        setNumWorkers(0);
    }

    private void reapWorkers() {
        reap(this::workerExited);
    }

    /** While every worker is being stopped: the same books, and no decision (nothing is replaced or rolled back). */
    private void reapStopped() {
        reap((w, r) -> LOG.info("Worker exited (pid: {}, {})", w.pid, r.describe()));
    }

    /**
     * Reaps every child that exited: the USR2 master, or a worker, whose calls stay in the totals, whose exit
     * {@code decide} acts on, and then {@code childExit} runs.
     */
    private void reap(BiConsumer<Worker, Reaped> decide) {
        for (Reaped r : ctx.spawner().reap()) {
            if (reexecPid != 0 && r.pid() == reexecPid) {
                newMasterExited(r);
                continue;
            }
            Worker w = workers.remove(r.pid());
            if (w == null) continue; // an orphan we adopted as PID 1: reaping it is all it needs
            stats.retire(w.finalScoreboard);
            decide.accept(w, r);
            hooks.call("childExit", h -> h.childExit(info(), workers.info(w, r.describe())));
        }
    }

    private void workerExited(Worker w, Reaped r) {
        boolean bootFailure = r.exited() && (r.exitCode() == WorkerContract.WORKER_BOOT_ERROR
                || r.exitCode() == WorkerContract.APP_LOAD_ERROR);
        String how = r.exited() ? "exited with " + WorkerContract.exitCodeName(r.exitCode()) : "was sent " + Signals.name(r.termSignal()).toUpperCase();
        if (w.abortReason != null) stats.restarted(w.abortReason);
        if (ArbiterStats.BOOT_TIMEOUT.equals(w.abortReason) && reload != null && w.generation == generation) {
            rollback("worker (pid:" + w.pid + ") of generation " + w.generation + " did not boot within worker_boot_timeout");
        } else if (w.stopping()) {
            LOG.info("Worker exited (pid: {}, {})", w.pid, r.describe());
        } else if (bootFailure && !ready && w.generation == 1) {
            throw new HaltException(r.exitCode(), "Worker (pid:" + w.pid + ") " + how + "; the application cannot boot, halting (see the worker's error above)");
        } else if (bootFailure && reload != null && w.generation == generation) {
            rollback("worker (pid:" + w.pid + ") of generation " + w.generation + " " + how);
        } else if (r.exited() && r.exitCode() == 0) {
            LOG.info("Worker (pid:{}) exited (max_requests or orphaned); replacing it", w.pid);
            stats.restarted(ArbiterStats.MAX_REQUESTS);
        } else {
            stats.restarted(ArbiterStats.CRASH);
            LOG.error("Worker (pid:{}) {}{}", w.pid, how, r.signaled() && r.termSignal() == Signals.KILL ? "! Perhaps out of memory?" : "");
            respawnNotBefore = ctx.clock().nanoTime() + ThreadLocalRandom.current().nextLong(100_000_000L, 500_000_000L);
        }
    }

    private void noticeBooted() {
        workers.noticeBooted();
        if (!ready && workers.allBooted(generation, numWorkers) && numWorkers > 0) {
            ready = true;
            LOG.info("Ready: {} worker(s) booted", numWorkers);
            ctx.notifier().notify("READY=1\nSTATUS=Ready: " + serving());
            hooks.call("whenReady", h -> h.whenReady(info()));
        }
        if ((reload != null || rolling != null) && workers.allBooted(generation, numWorkers)) reloadComplete();
    }

    private void reloadComplete() {
        if (reload != null) {
            LOG.info("Reload complete: generation {} booted; stopping the previous generation", generation);
            closeReplacedListeners(reload.previousListeners());
            ctx.notifier().notify("READY=1\nSTATUS=Reloaded: " + serving());
        } else {
            LOG.info("Rollback complete: generation {} serves with {} worker(s) again", generation, numWorkers);
        }
        workers.retireOtherGenerations(generation);
        reload = null;
        boolean hupPending = rolling != null && rolling.hupPending;
        rolling = null;
        if (hupPending) {
            LOG.info("Handling signal: hup (queued during the rolling reload)");
            handleHup();
        }
    }

    /** Keeps the current generation at {@code numWorkers}: spawns the missing, retires the oldest extras. */
    private void manageWorkers() {
        List<Worker> current = workers.active(generation);
        if (current.size() > numWorkers) {
            current.sort(Comparator.comparingInt(w -> w.age));
            for (Worker w : current.subList(0, current.size() - numWorkers)) workers.terminate(w, Signals.TERM);
        }
        if (rolling != null) {
            if (rolling.step(generation, numWorkers) && ctx.clock().nanoTime() >= respawnNotBefore) spawnWorker();
            return;
        }
        if (current.size() < numWorkers && ctx.clock().nanoTime() >= respawnNotBefore) {
            for (int i = current.size(); i < numWorkers; i++) {
                if (!spawnWorker()) break;
            }
        }
    }

    /** Spawns one worker of the current generation; false when no more should be tried this turn. */
    private boolean spawnWorker() {
        int[] fds = listeners.stream().mapToInt(Listeners.Listener::fd).toArray();
        try {
            Worker w = workers.spawn(config, generation, fds, hooks);
            LOG.info("Booting worker with pid: {}", w.pid);
            return true;
        } catch (WorkerJvmRejected e) {
            // no worker of this configuration can ever boot: halt on the first start, undo a reload
            if (!ready) throw new HaltException(WorkerContract.EXIT_ERROR, e.getMessage());
            if (reload != null) {
                rollback(e.getMessage());
                return false;
            }
            LOG.error("Cannot spawn a worker: {}", e.getMessage());
        } catch (java.io.IOException e) {
            if (!ready) throw new HaltException(WorkerContract.EXIT_ERROR, "cannot spawn a worker: " + e.getMessage());
            LOG.error("Cannot spawn a worker: {}", e.getMessage());
        }
        respawnNotBefore = ctx.clock().nanoTime() + 1_000_000_000L;
        return false;
    }

    private void rollback(String why) {
        if (rolling != null) {
            rollingBack(why);
            return;
        }
        LOG.error("Reload failed: {}; the previous generation keeps serving", why);
        abandonPendingGeneration();
        restorePreviousGeneration();
        ctx.notifier().notify("READY=1\nSTATUS=Reload failed (" + why + "); " + serving());
    }

    /** Makes the generation the failed reload replaced the current one again: its config, listeners, hooks and size. */
    private void restorePreviousGeneration() {
        closeReplacedListeners(listeners);
        config = reload.previousConfig();
        listeners = reload.previousListeners();
        hooks = reload.previousHooks();
        generation = reload.previousGeneration();
        setNumWorkers(reload.previousWorkers());
        reload = null;
    }

    /**
     * A failed rolling reload: the new workers still booting stop at once, those that booted keep serving until
     * the previous generation, brought back one worker at a time, replaces them.
     */
    private void rollingBack(String why) {
        for (Worker w : workers.active(generation)) {
            if (!w.booted) workers.terminate(w, Signals.TERM);
        }
        int failedGeneration = generation;
        boolean hupPending = rolling.hupPending;
        restorePreviousGeneration();
        rolling = new RollingReload(workers, true);
        rolling.hupPending = hupPending;
        LOG.error("Reload failed: {}; rolling back: generation {} is brought back to {} worker(s) one at a time ({} serving), "
                + "replacing the {} worker(s) of generation {} that booted", why, generation, numWorkers,
                workers.active(generation).size(), workers.active(failedGeneration).size(), failedGeneration);
        ctx.notifier().notify("READY=1\nSTATUS=Reload failed (" + why + "); " + serving());
    }

    private void abandonPendingGeneration() {
        for (Worker w : workers.active(generation)) workers.terminate(w, Signals.TERM);
    }

    private void closeReplacedListeners(List<Listeners.Listener> old) {
        if (old != listeners) ctx.binder().close(old);
    }

    private void setNumWorkers(int n) {
        int old = numWorkers;
        numWorkers = n;
        if (n != old) hooks.call("nworkersChanged", h -> h.nworkersChanged(info(), n, old));
        if (n != old && ready && reload == null) ctx.notifier().notify("STATUS=" + (n == 0 ? "No workers (WINCH); HUP brings them back" : "Scaling: " + serving()));
    }

    /**
     * Stops every worker: TERM (graceful) or QUIT (quick), waits up to {@code graceful_timeout}
     * (quick: at most 5 s) while reaping, then KILLs what is left. A second INT or QUIT during a
     * graceful stop escalates it to a quick one. The listening sockets close first (those a reload
     * under way still keeps too): each worker closes its copies as it starts draining, and once the
     * last copy is gone new connects are refused instead of waiting in a backlog nobody accepts from.
     */
    void stop(boolean graceful) {
        notifyStopping();
        if (reload != null) closeReplacedListeners(reload.previousListeners());
        ctx.binder().close(listeners);
        listeners = List.of();
        workers.stopAll(graceful, config.gracefulTimeout(), this::reapStopped);
    }

    int halt(int code, String reason) {
        if (reason != null) LOG.error("{}", reason);
        notifyStopping();
        workers.stopAll(false, java.time.Duration.ofSeconds(5), this::reapStopped);
        ctx.binder().closeAll();
        LOG.info("Shutting down: Master");
        hooks.call("onExit", h -> h.onExit(info()));
        closeQuietly(control);
        if (pidfile != null) pidfile.unlink();
        return code;
    }

    private void notifyStopping() {
        if (stoppingNotified) return;
        stoppingNotified = true;
        ctx.notifier().notify("STOPPING=1\nSTATUS=Stopping");
    }

    /** WATCHDOG=1 from the main loop itself: systemd hears it only while the loop turns. */
    private void watchdog() {
        long every = ctx.notifier().watchdogMillis();
        if (every <= 0) return;
        long now = ctx.clock().nanoTime();
        if (now - lastWatchdog >= every * 1_000_000L) {
            lastWatchdog = now;
            ctx.notifier().notify("WATCHDOG=1");
        }
    }

    /**
     * How long the loop may wait for a signal: short while workers settle (a boot is noticed from the heartbeat
     * file, which wakes nobody, and a reload waits for it before the old generation stops), until a deferred
     * respawn is due.
     */
    private long pollMillis() {
        long millis = workers.settling() || reload != null || rolling != null ? SETTLING_POLL_MILLIS : 1000;
        long untilRespawn = (respawnNotBefore - ctx.clock().nanoTime()) / 1_000_000;
        if (workers.active(generation).size() < numWorkers && untilRespawn >= 0) millis = Math.min(millis, untilRespawn + 1);
        if (ctx.notifier().watchdogMillis() > 0) millis = Math.min(millis, ctx.notifier().watchdogMillis());
        return millis;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("Closing {}: {}", c, e.toString());
        }
    }

    /** The master as {@code jarbiter status} and {@code /metrics} show it; main thread only. */
    MasterStatus status() {
        List<MasterStatus.WorkerStatus> rows = workers.status();
        io.jarbiter.process.Scoreboard totals = stats.retired();
        for (Worker w : workers.all()) totals = totals.plus(w.heartbeat.scoreboard());
        java.util.Map<String, Object> summary = new java.util.LinkedHashMap<>();
        java.util.Map<String, Object> all = config.asMap();
        for (String key : List.of("bind", "workers", "timeout", "graceful_timeout", "max_requests", "keepalive", "user", "pidfile", "worker_tmp_dir", "services")) {
            summary.put(key, all.get(key));
        }
        return new MasterStatus(ctx.pid(), ctx.version(), config.appYaml().toString(), (ctx.clock().nanoTime() - startedAt) / 1_000_000,
                generation, numWorkers, urls(), summary, stats.reloads(), stats.restarts(), totals, rows);
    }

    private HookSet<ArbiterHooks> loadHooks(Config c) {
        try {
            return ctx.hookLoader().load(c);
        } catch (HookLoadException e) {
            throw new HaltException(WorkerContract.EXIT_ERROR, e.getMessage());
        }
    }

    io.jarbiter.hooks.ArbiterInfo info() {
        return new io.jarbiter.hooks.ArbiterInfo(ctx.pid(), config.appYaml().toString(), urls(), numWorkers, generation, config.asMap());
    }

    /** The URLs of the current listeners, as "Listening at" logs them. */
    private List<String> urls() {
        List<String> urls = new ArrayList<>();
        for (Listeners.Listener l : listeners) urls.add(url(l));
        return urls;
    }

    /** A listener's URL with the scheme the current configuration serves it under (https with certfile). */
    private String url(Listeners.Listener l) {
        return ListenerTlsCheck.url(l, config);
    }

    /** Read-only numbers for tests and the status command. */
    public int numWorkers() {
        return numWorkers;
    }

    public int generation() {
        return generation;
    }
}
