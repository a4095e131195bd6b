package io.jarbiter.posix;

import jnr.ffi.Pointer;

import java.util.function.IntConsumer;

/**
 * The only place a jarbiter process receives signals: one daemon thread loops on
 * {@code sigtimedwait} for a set of signals that every thread of the process has blocked since the
 * JVM started (DESIGN.md §1), and hands each one to a consumer that must only enqueue — it never
 * runs handler logic itself and never logs. The one-second wait bounds how long {@link #close()}
 * takes to be noticed.
 */
public final class SignalWaiter implements AutoCloseable {
    private final Pointer set;
    private final IntConsumer sink;
    private final Thread thread;
    private volatile boolean running = true;

    private SignalWaiter(int[] signals, IntConsumer sink, String name) {
        this.set = Posix.get().sigset(signals);
        this.sink = sink;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    /** Starts waiting for {@code signals}, which must be blocked in every thread already. */
    public static SignalWaiter start(int[] signals, IntConsumer sink, String threadName) {
        SignalWaiter waiter = new SignalWaiter(signals, sink, threadName);
        waiter.thread.start();
        return waiter;
    }

    private void loop() {
        Posix posix = Posix.get();
        while (running) {
            int sig;
            try {
                sig = posix.sigtimedwait(set, 1000);
            } catch (PosixException e) {
                continue; // EINVAL cannot happen for a valid set; keep the loop alive rather than go deaf
            }
            if (sig > 0) sink.accept(sig);
        }
    }

    @Override
    public void close() {
        running = false;
    }
}
