package io.jarbiter.posix;

import jnr.ffi.Pointer;

import java.util.function.IntConsumer;

/**
 * The only place a jarbiter process receives signals: one daemon thread loops on
 * {@code sigtimedwait} for a set of signals that every thread of the process has blocked since the
 * JVM started (docs/ARCHITECTURE.md#signal-delivery), and hands each one to a consumer that must only enqueue — it never
 * runs handler logic itself and never logs. The one-second wait bounds how long {@link #close()}
 * takes to be noticed when it cannot wake the thread.
 */
public final class SignalWaiter implements AutoCloseable {
    private final Pointer set;
    private final IntConsumer sink;
    private final Thread thread;
    /** How long {@link #close()} waits for the thread to leave its native wait. */
    private static final long CLOSE_MILLIS = 200;
    private final boolean canWake;
    private volatile boolean running = true;

    private SignalWaiter(int[] signals, IntConsumer sink, String name) {
        this.set = Posix.get().sigset(signals);
        this.canWake = java.util.Arrays.stream(signals).anyMatch(s -> s == Signals.WINCH);
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
            if (sig > 0 && running) sink.accept(sig);
        }
    }

    /** Whether its thread still runs (it may be inside {@code sigtimedwait}). */
    public boolean waiting() {
        return thread.isAlive();
    }

    /**
     * Stops the thread and, when the set holds WINCH, waits (bounded) until it has left {@code sigtimedwait}.
     * HotSpot's exit waits up to 300 ms for every thread still in native code, and this one would be: so
     * {@code close()} sends the process a WINCH, which only this thread dequeues (every thread blocks it; its
     * default action is to ignore it anyway) and which the loop, no longer running, drops. A signal that
     * arrives after {@code close()} is not delivered.
     */
    @Override
    public void close() {
        running = false;
        if (!canWake || Thread.currentThread() == thread) return;
        try {
            Posix posix = Posix.get();
            posix.kill(posix.getpid(), Signals.WINCH);
            thread.join(CLOSE_MILLIS);
        } catch (PosixException e) {
            // cannot signal ourselves: the loop notices within its one-second wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
