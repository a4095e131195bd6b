package io.jarbiter.worker.internal;

import io.jarbiter.posix.Posix;
import io.jarbiter.posix.PosixException;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The worker's side of the heartbeat: a daemon thread that changes the heartbeat file's
 * mode every {@code interval}, but only while {@code healthy} says the container makes progress. The
 * first beat, right at {@link #start}, tells the master the worker has booted. When the master is
 * gone (our parent pid changed) {@code orphaned} runs once and the beats stop. {@code eachInterval}
 * (the scoreboard) runs every interval whether healthy or not: a stuck worker's numbers stay visible.
 */
final class Heartbeat {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("jarbiter.worker");
    private final int fd;
    private final Duration interval;
    private final BooleanSupplier healthy;
    private final long masterPid;
    private final Runnable orphaned;
    private final Runnable eachInterval;
    private int spinner;
    private volatile boolean running = true;

    Heartbeat(int fd, Duration interval, BooleanSupplier healthy, long masterPid, Runnable orphaned, Runnable eachInterval) {
        this.eachInterval = eachInterval;
        this.fd = fd;
        this.interval = interval;
        this.healthy = healthy;
        this.masterPid = masterPid;
        this.orphaned = orphaned;
    }

    void start() throws PosixException {
        eachInterval.run();
        beat();
        Thread thread = new Thread(this::loop, "heartbeat");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
    }

    private void loop() {
        Posix posix = Posix.get();
        while (running) {
            try {
                Thread.sleep(interval.toMillis()); // a pacing interval, not synchronisation
            } catch (InterruptedException e) {
                return;
            }
            if (posix.getppid() != masterPid) {
                running = false;
                orphaned.run();
                return;
            }
            try {
                eachInterval.run();
            } catch (RuntimeException e) { // the numbers are published again next interval; the beats must go on
                LOG.warn("Heartbeat: publishing this worker's numbers failed: {}", e.toString());
            }
            if (running && healthy.getAsBoolean()) {
                try {
                    beat();
                } catch (PosixException e) {
                    return; // the fd is gone: the master will see us as stale and replace us
                }
            }
        }
    }

    private void beat() throws PosixException {
        spinner ^= 1;
        Posix.get().fchmod(fd, spinner);
    }
}
