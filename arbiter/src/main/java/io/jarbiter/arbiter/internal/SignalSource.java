package io.jarbiter.arbiter.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The master's signal queue. The signal thread only {@link #add}s; the main loop takes with a bound.
 * Unit tests feed it directly. Thread-safe.
 */
public class SignalSource {
    private final BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();

    /** Enqueues a signal; called from the signal thread (or a test, or the control socket). */
    public void add(int signo) {
        queue.add(signo);
    }

    /** The next signal, or null when none arrived within {@code timeoutMillis}. */
    public Integer next(long timeoutMillis) {
        try {
            return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
