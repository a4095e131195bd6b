package io.jarbiter.worker.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.container.ServiceRunner;
import io.jarbiter.hooks.WorkerHooks;
import io.jarbiter.hooks.WorkerInfo;
import io.jarbiter.hooks.internal.HookSet;
import io.jarbiter.logging.LogSetup;
import io.jarbiter.posix.ProcessName;
import io.jarbiter.posix.SignalWaiter;
import io.jarbiter.posix.Signals;
import io.jarbiter.statsd.StatsdClient;
import io.jarbiter.statsd.StatsdLog;
import io.jarbiter.process.ConnectionBoard;
import io.jarbiter.process.WorkerContract;
import io.jarbiter.web.WebServer;
import io.undertow.server.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM: boots the service containers, serves them on the inherited sockets, beats while
 * healthy, and stops the way the master asks (docs/ARCHITECTURE.md#worker-lifecycle). All lifecycle decisions happen on the
 * main thread, which consumes {@link Event}s: the signal thread, the heartbeat thread, the container
 * and the request counter only enqueue.
 */
public final class WorkerProcess {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.worker");

    /** What the main thread reacts to. */
    enum Event { BOOTED, TERM, INT, QUIT, ABRT, USR1, ORPHANED, MAX_REQUESTS, CONTAINER_DIED, DRAINED }

    private final WorkerSettings settings;
    private final Config config;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final WorkerInfo info;
    private volatile HookSet<WorkerHooks> hooks = HookSet.empty();
    private volatile ServiceRunner runner;
    private volatile InheritedListeners listeners;
    private DrainHandler drain;
    private Heartbeat heartbeat;
    private volatile RequestStats stats;
    private volatile Throwable containerDeath;
    private volatile int bootCode = -1;
    private boolean stopping;

    public WorkerProcess(WorkerSettings settings) {
        this.settings = settings;
        this.config = settings.config();
        this.info = new WorkerInfo(ProcessHandle.current().pid(), settings.age(), settings.generation(), settings.masterPid(), "");
    }

    /**
     * Boots on a thread of its own while the main thread already answers signals (so a worker hung in
     * boot still dumps its threads on ABRT), serves until told to stop, and returns the exit code.
     */
    public int run() {
        Thread booting = new Thread(() -> {
            bootCode = boot();
            events.add(Event.BOOTED);
        }, "boot");
        booting.setDaemon(true);
        ProcessName.setComm(ProcessName.WORKER);
        XnioMBeans.skip(); // before the boot thread, and so before any application code, starts
        // Boot first: the signal waiter's native binding (jnr-ffi) then initialises on this thread in
        // parallel with the boot. Signals sent meanwhile stay pending, since they are blocked.
        booting.start();
        SignalWaiter signals = SignalWaiter.start(WorkerContract.WORKER_SIGNALS, this::onSignal, "signals");
        try {
            return serve();
        } finally {
            signals.close();
        }
    }

    private int boot() {
        try {
            hooks = HookSet.load(config.hooks(), WorkerHooks.class, appClassLoader());
            // training: the hook classes are loaded (so archived) but never called
            if (settings.training()) hooks = HookSet.load(List.of(), WorkerHooks.class, appClassLoader());
            hooks.callStrict("postFork", h -> h.postFork(info));
        } catch (Exception e) {
            LOG.error("Worker failed to boot: {}", e.getMessage());
            return e instanceof io.jarbiter.hooks.internal.HookLoadException && e.getCause() == null
                    ? WorkerContract.APP_LOAD_ERROR : WorkerContract.WORKER_BOOT_ERROR;
        }
        BootResult loaded = new AppLoader(config, appClassLoader()).load();
        if (loaded.exitCode() != WorkerContract.EXIT_OK) return loaded.exitCode();
        runner = loaded.runner();
        runner.onContainerDied(this::onContainerDied);
        RequestStats counted = new RequestStats(WorkerContract.scoreboardFd(settings.listeners()), runner::inFlight);
        runner.onCallDone(call -> {
            if (call.entrypoint().countsAsRequest()) counted.record(call.nanos());
        });
        stats = counted;
        countRequests();
        try {
            if (!settings.training()) runner.start(); // training: classes loaded and wired, nothing consumed
        } catch (Exception e) {
            LOG.error("Worker failed to boot: service container did not start: {}", e.toString(), e);
            runner.kill();
            return WorkerContract.WORKER_BOOT_ERROR;
        }
        try {
            RequestLimits limits = RequestLimits.of(config);
            StatsdClient statsd = StatsdClient.of(config).orElse(null);
            if (statsd != null) StatsdLog.install(statsd);
            WebServer web = runner.sharedExtension(WebServer.class, WebServer::new); // the one the @Http entrypoints registered with
            drain = new DrainHandler(AccessLog.wrap(StatsdRequests.wrap(limits.wrap(RequestHooks.wrap(web.handler(), hooks, info)), statsd), config.accessLogFormat()));
            // warm-up requests go to the router itself (nothing logged or counted), and only when no route takes them
            HttpHandler warmUp = settings.warmUp() && !web.routes(WarmUp.PATH) ? web.handler() : null;
            ConnectionBoard board = connectionBoard();
            HttpHandler root = ProxyHeaders.wrap(drain, config); // first: everything after it sees the client's address
            TlsListener tls = TlsListener.create(config, info, hooks); // null: plain HTTP (proxy_protocol and TLS exclude each other)
            listeners = InheritedListeners.start(WorkerContract.FIRST_LISTEN_FD, settings.listeners(), root, warmUp,
                    settings.ioThreads(), config.keepalive().toMillis(), board, settings.boardSlot(), limits.undertowOptions(),
                    http -> tls != null ? tls.around(http) : ProxyProtocolGate.wrap(http, config));
            hooks.callStrict("postWorkerInit", h -> h.postWorkerInit(info));
            long stuckNanos = config.timeout().isZero() ? Long.MAX_VALUE : config.timeout().toNanos();
            heartbeat = new Heartbeat(WorkerContract.heartbeatFd(settings.listeners()),
                    WorkerContract.beatInterval(config.timeout()), () -> runner.makingProgress(stuckNanos),
                    settings.masterPid(), () -> events.add(Event.ORPHANED), () -> {
                        counted.publish();
                        listeners.republishConnections();
                    });
            heartbeat.start();
        } catch (Exception e) {
            LOG.error("Worker failed to boot: {}", e.toString(), e);
            runner.kill();
            return WorkerContract.WORKER_BOOT_ERROR;
        }
        LOG.debug("Worker {} booted (age {}, generation {})", info.pid(), info.age(), info.generation());
        return WorkerContract.EXIT_OK;
    }

    /** The master's connection board, or null (none passed, or unreadable: then this worker accepts without balancing). */
    private ConnectionBoard connectionBoard() {
        if (settings.boardSlot() < 0) return null;
        try {
            return ConnectionBoard.adopt(WorkerContract.connectionBoardFd(settings.listeners()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Worker accepts without balancing connections with the other workers: {}", e.toString());
            return null;
        }
    }

    private int serve() {
        while (true) {
            Event event;
            try {
                event = events.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                event = Event.QUIT;
            }
            if (event == null) continue;
            Integer exit = handle(event);
            if (exit != null) return exit;
        }
    }

    /** Reacts to one event; returns the exit code when the worker is done. */
    private Integer handle(Event event) {
        boolean booted = bootCode == WorkerContract.EXIT_OK;
        switch (event) {
            case BOOTED -> {
                return booted ? null : bootCode;
            }
            case TERM, ORPHANED, MAX_REQUESTS -> {
                if (!booted) return exitAfter(WorkerContract.EXIT_OK); // nothing serves yet: nothing to drain
                if (event == Event.ORPHANED) LOG.info("Parent changed, shutting down: {}", info.pid());
                if (event == Event.MAX_REQUESTS) LOG.info("Autorestarting worker after current request.");
                beginGracefulStop();
                return null;
            }
            case DRAINED -> {
                return exitAfter(WorkerContract.EXIT_OK);
            }
            case INT, QUIT -> {
                hooks.call("workerInt", h -> h.workerInt(info));
                killRunner();
                return exitAfter(WorkerContract.EXIT_OK);
            }
            case ABRT -> {
                LOG.error("Worker {} received SIGABRT (heartbeat timeout); where its threads are:\n{}", info.pid(), ThreadDump.capture());
                hooks.call("workerAbort", h -> h.workerAbort(info));
                killRunner();
                return WorkerContract.EXIT_ERROR;
            }
            case USR1 -> {
                LogSetup.reopen();
                return null;
            }
            case CONTAINER_DIED -> {
                LOG.error("Service container died: {}; worker exiting", String.valueOf(containerDeath), containerDeath);
                killRunner();
                return WorkerContract.EXIT_ERROR;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Graceful stop, off the main thread so that a later INT/QUIT can still cut it short: stop
     * accepting and close this worker's copies of the listening sockets (in a reload the master's and
     * the new workers' copies keep the backlog; in the master's graceful stop the last close refuses new
     * connects) → mark responses {@code Connection: close}, spread over up to 1 s ({@link DrainHandler}) → wait for open connections
     * to close → stop the containers (in-flight AMQP calls finish) → DRAINED; all of it bounded by
     * {@code graceful_timeout}.
     */
    private void beginGracefulStop() {
        if (stopping) return;
        stopping = true;
        LOG.info("Worker exiting (pid: {})", info.pid());
        long deadline = System.nanoTime() + config.gracefulTimeout().toNanos();
        Thread stopper = new Thread(() -> {
            listeners.stopAccepting();
            drain.drain(DrainHandler.spreadFor(config.gracefulTimeout()));
            // HTTP first: connections close after a response, spread over up to 1 s; then the containers stop
            // (AMQP consumers cancel, in-flight calls finish) with what is left of graceful_timeout
            awaitConnectionsClosed(deadline);
            runner.stop(java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            heartbeat.stop();
            events.add(Event.DRAINED);
        }, "graceful-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    private void awaitConnectionsClosed(long deadline) {
        while (listeners.openConnections() != 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20); // polling a counter undertow keeps; bounded by graceful_timeout
            } catch (InterruptedException e) {
                return;
            }
        }
        if (listeners.openConnections() != 0) {
            LOG.warn("Graceful timeout ({} s) reached with {} connection(s) open; closing them",
                    config.gracefulTimeout().toSeconds(), listeners.openConnections());
        }
    }

    /** The runner exists once the app loaded; boot may still be running on its own thread. */
    private void killRunner() {
        ServiceRunner r = runner;
        if (r != null) r.kill();
    }

    private int exitAfter(int code) {
        hooks.call("workerExit", h -> h.workerExit(info));
        RequestStats s = stats;
        if (s != null) s.publish(); // the final numbers, read by the master when it reaps us
        if (listeners != null) listeners.shutdown();
        return code;
    }

    private void countRequests() {
        int max = config.maxRequests();
        if (max <= 0) return;
        int jitter = config.maxRequestsJitter();
        long limit = max + (jitter > 0 ? ThreadLocalRandom.current().nextInt(jitter + 1) : 0);
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        runner.onCallDone(call -> {
            if (call.entrypoint().countsAsRequest() && done.incrementAndGet() == limit) events.add(Event.MAX_REQUESTS);
        });
    }

    private void onContainerDied(Throwable cause) {
        containerDeath = cause;
        events.add(Event.CONTAINER_DIED);
    }

    /** Signal thread: enqueue only. */
    private void onSignal(int sig) {
        switch (sig) {
            case Signals.TERM -> events.add(Event.TERM);
            case Signals.INT -> events.add(Event.INT);
            case Signals.QUIT -> events.add(Event.QUIT);
            case Signals.ABRT -> events.add(Event.ABRT);
            case Signals.USR1 -> events.add(Event.USR1);
            default -> { } // HUP, WINCH, TTIN, TTOU, USR2: ignored by workers
        }
    }

    private static ClassLoader appClassLoader() {
        return WorkerProcess.class.getClassLoader();
    }
}
