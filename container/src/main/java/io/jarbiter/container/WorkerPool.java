package io.jarbiter.container;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The container's {@code max_workers} worker threads. Work beyond that waits in FIFO order (it is
 * not rejected). Tracks when each running call started, for the heartbeat's progress check, and how
 * many calls are in flight, for graceful stop. Thread-safe.
 */
final class WorkerPool {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    private final ThreadPoolExecutor executor;
    private final int size;
    private final LongSupplier nanoTime;
    private final Map<WorkerContext, Long> running = new ConcurrentHashMap<>();
    /**
     * Start times (0: idle) of calls running on their caller's thread ({@link #runHere}), one slot per
     * such thread (undertow's IO threads: a handful), so the per-call cost is two ordered writes instead
     * of a map insert and remove. Slots are registered once per thread and read by the heartbeat.
     */
    private final java.util.List<AtomicLong> hereSlots = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ThreadLocal<AtomicLong> hereSlot = ThreadLocal.withInitial(() -> {
        AtomicLong slot = new AtomicLong();
        hereSlots.add(slot);
        return slot;
    });
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object idle = new Object();

    WorkerPool(String service, int size, LongSupplier nanoTime) {
        this(service, size, false, nanoTime);
    }

    /**
     * @param virtual the slots are virtual threads ({@code worker_threads: virtual}): the same bounded pool and FIFO
     *                queue, but a call that blocks (I/O, a nested RPC) parks its virtual thread and frees the
     *                carrier instead of holding a platform thread
     */
    WorkerPool(String service, int size, boolean virtual, LongSupplier nanoTime) {
        this.size = size;
        this.nanoTime = nanoTime;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = virtual ? virtualThreads(service + "-worker-") : r -> {
            Thread t = new Thread(r, service + "-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** Whether this JVM has virtual threads (JDK 21+). */
    static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }

    /**
     * {@code Thread.ofVirtual().name(prefix, 1).factory()}, looked up at run time: the project compiles for JDK 17,
     * where neither the method nor {@code Thread.Builder} exists.
     */
    private static ThreadFactory virtualThreads(String prefix) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> type = Class.forName("java.lang.Thread$Builder");
            builder = type.getMethod("name", String.class, long.class).invoke(builder, prefix, 1L);
            return (ThreadFactory) type.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads are not available on JDK " + Runtime.version(), e);
        }
    }

    /** Queues {@code run}; the future completes when its lifecycle (teardown included) is over. */
    CompletableFuture<Object> submit(WorkerContext ctx, WorkerRun run) {
        inFlight.incrementAndGet();
        CompletableFuture<Object> future = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                running.put(ctx, nanoTime.getAsLong());
                try {
                    run.run(future);
                } finally {
                    running.remove(ctx);
                    done();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done();
            future.completeExceptionally(new io.jarbiter.container.ContainerBeingKilled(ctx.serviceName()));
        }
        return future;
    }

    /**
     * Runs {@code run} on the calling thread, now, outside the {@code max_workers} slots: for calls
     * that never block (an IO thread must not wait). Counted in flight like any call, so graceful stop
     * waits for it; the returned future is complete when this returns.
     */
    CompletableFuture<Object> runHere(WorkerContext ctx, WorkerRun run) {
        inFlight.incrementAndGet();
        CompletableFuture<Object> future = new CompletableFuture<>();
        AtomicLong slot = hereSlot.get();
        long outer = slot.get(); // a nested call on the same thread keeps the outer start time
        if (outer == 0) slot.setRelease(Math.max(1, nanoTime.getAsLong()));
        try {
            run.run(future);
        } finally {
            if (outer == 0) slot.setRelease(0);
            done();
        }
        return future;
    }

    private void done() {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Waits until no call is running or queued, at most {@code timeout}; WARNs when it runs out. */
    boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("{} call(s) still in flight after {} s; stopping anyway", inFlight.get(), timeout.toSeconds());
                    return false;
                }
                try {
                    idle.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * False iff every slot holds a call running for {@code stuckAfterNanos} or more, or a call run on
     * its caller's thread has run that long (it holds an IO thread, and every connection on it).
     */
    boolean makingProgress(long now, long stuckAfterNanos) {
        for (AtomicLong slot : hereSlots) {
            long started = slot.getAcquire();
            if (started != 0 && now - started >= stuckAfterNanos) return false;
        }
        if (running.size() < size) return true;
        for (long started : running.values()) {
            if (now - started < stuckAfterNanos) return true;
        }
        return false;
    }

    void shutdown() {
        executor.shutdown();
    }

    /** Interrupts every running call and drops queued ones (their futures never complete). */
    void shutdownNow() {
        executor.shutdownNow();
    }
}
