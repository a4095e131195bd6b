package io.jarbiter.arbiter.internal;

import io.jarbiter.posix.Signals;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How threads other than the main loop (control socket, metrics listener) get a {@link MasterStatus}:
 * they queue a request and wake the loop with {@link Signals#WAKE}; the loop answers every pending
 * request after its next turn, from the one thread that owns the worker table. Thread-safe.
 */
public final class StatusRequests {
    private final Queue<CompletableFuture<MasterStatus>> pending = new ConcurrentLinkedQueue<>();
    private final SignalSource signals;

    public StatusRequests(SignalSource signals) {
        this.signals = signals;
    }

    /** Called off the main thread; waits at most {@code timeout} (the loop is busy, e.g. stopping). */
    MasterStatus request(Duration timeout) throws TimeoutException, InterruptedException {
        CompletableFuture<MasterStatus> f = new CompletableFuture<>();
        pending.add(f);
        signals.add(Signals.WAKE);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Main thread: answers every pending request with one status. */
    void answer(Supplier<MasterStatus> status) {
        if (pending.isEmpty()) return;
        MasterStatus s = status.get();
        for (CompletableFuture<MasterStatus> f = pending.poll(); f != null; f = pending.poll()) f.complete(s);
    }
}
