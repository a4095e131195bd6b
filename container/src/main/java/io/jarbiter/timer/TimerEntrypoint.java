package io.jarbiter.timer;

import io.jarbiter.container.ContainerBeingKilled;
import io.jarbiter.container.Entrypoint;
import io.jarbiter.container.EntrypointFactory;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Runs a {@link Timer} loop on a managed thread of the container. */
public final class TimerEntrypoint extends Entrypoint {
    private final long intervalNanos;
    private final boolean eager;
    private final Object lock = new Object();
    private volatile boolean stopping;
    private Thread thread;

    TimerEntrypoint(Timer timer, Method method, ServiceContainer container) throws ServiceDefinitionException {
        super(method, container);
        if (!(timer.interval() > 0)) throw new ServiceDefinitionException(method, "@Timer interval must be > 0 seconds, got " + timer.interval());
        if (method.getParameterCount() != 0) throw new ServiceDefinitionException(method, "a @Timer method takes no parameters");
        this.intervalNanos = (long) (timer.interval() * 1e9);
        this.eager = timer.eager();
    }

    /** Builds {@link TimerEntrypoint}s for {@link Timer}. */
    public static final class Factory implements EntrypointFactory<Timer> {
        @Override
        public Entrypoint create(Timer annotation, Method method, ServiceContainer container) throws ServiceDefinitionException {
            return new TimerEntrypoint(annotation, method, container);
        }
    }

    @Override
    public boolean countsAsRequest() {
        return false;
    }

    @Override
    public void start() {
        thread = container().spawnManagedThread(this::loop, "timer-" + methodName());
    }

    /** Stops ticking and waits (bounded) for a running tick to finish. */
    @Override
    public void stop() {
        stopping = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void kill() {
        stopping = true;
        if (thread != null) thread.interrupt();
    }

    private void loop() {
        long start = System.nanoTime();
        long n = eager ? 0 : 1;
        while (!stopping) {
            long wait = start + n * intervalNanos - System.nanoTime();
            if (wait > 0 && !pause(wait)) return;
            if (stopping) return;
            try {
                container().spawnWorker(this, new Object[0], Map.of(), List.of()).get();
            } catch (ContainerBeingKilled e) {
                return;
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException e) {
                // the method's error was logged by the container; the timer keeps ticking
            }
            // next target; after an overrun, the most recent missed tick fires at once and the rest are skipped
            n = Math.max(n + 1, (System.nanoTime() - start) / intervalNanos);
        }
    }

    /** Waits {@code nanos} unless stopped first; false when interrupted. */
    private boolean pause(long nanos) {
        synchronized (lock) {
            long deadline = System.nanoTime() + nanos;
            while (!stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return true;
                try {
                    lock.wait(left / 1_000_000, (int) (left % 1_000_000));
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return true;
        }
    }
}
