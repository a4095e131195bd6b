package io.jarbiter.container;

import io.jarbiter.conf.NamekoKeys;
import io.jarbiter.conf.Settings;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Runs one service: its extensions, its calls (at most {@code max_workers} at once, further work
 * waits in order) and its managed threads. nameko's {@code ServiceContainer}.
 *
 * <p>Thread safety: {@link #spawnWorker} and {@link #spawnManagedThread} may be called from any
 * thread; {@link #start}, {@link #stop} and {@link #kill} from the owner (the worker process or a
 * test). {@link #kill} may also come from a managed thread that failed; it never throws and runs once.
 */
public final class ServiceContainer {
    private final Class<?> serviceClass;
    private final String name;
    private final Map<String, Object> config;
    private final Constructor<?> constructor;
    private final int maxWorkers;
    private final int parentCallsTracked;
    private final LongSupplier nanoTime;
    private final Map<Object, Extension> shared;
    /** The shared extensions this container uses, in creation order (a runner's map holds everyone's). */
    private final List<Extension> usedShared = new java.util.concurrent.CopyOnWriteArrayList<>();
    private List<Entrypoint> entrypoints;
    private final Map<Field, DependencyProvider<?>> dependencies;
    private final WorkerPool pool;
    private final Map<Thread, String> managedThreads = new ConcurrentHashMap<>();
    private final List<Consumer<CallDone>> callListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> died = new CompletableFuture<>();
    private volatile boolean started;
    private volatile boolean beingKilled;

    /**
     * Where building a container puts each problem of the service class it finds: a boot stops at the first
     * ({@link #FIRST}), {@code --check-config} collects them all.
     */
    @FunctionalInterface
    public interface Problems {
        /** Throws the first problem: the container is not built. */
        Problems FIRST = problem -> {
            throw problem;
        };

        void report(ServiceDefinitionException problem) throws ServiceDefinitionException;
    }

    /**
     * Builds and validates a container; nothing runs until {@link #start}.
     *
     * @param shared shared extensions (keyed by their kind), common to all containers of one runner
     */
    public ServiceContainer(Class<?> serviceClass, Map<String, Object> config, Map<Object, Extension> shared,
                            LongSupplier nanoTime) throws ServiceDefinitionException {
        this(serviceClass, config, shared, nanoTime, Problems.FIRST);
    }

    /**
     * Builds a container, reporting each problem of the class to {@code problems} in the order a boot meets
     * them (an entrypoint or dependency that cannot be built is left out); only a class without a service
     * name throws at once. A container that reported problems must never be started.
     */
    public ServiceContainer(Class<?> serviceClass, Map<String, Object> config, Map<Object, Extension> shared,
                            LongSupplier nanoTime, Problems problems) throws ServiceDefinitionException {
        this.serviceClass = serviceClass;
        this.name = ServiceModel.serviceName(serviceClass);
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        this.constructor = constructor(serviceClass, problems);
        this.maxWorkers = positiveOr(config.get(NamekoKeys.MAX_WORKERS), 10);
        this.parentCallsTracked = positiveOr(config.get(NamekoKeys.PARENT_CALLS_TRACKED), 10);
        this.nanoTime = nanoTime;
        this.shared = shared;
        this.pool = new WorkerPool(name, maxWorkers, virtualThreads(config, problems), nanoTime);
        this.dependencies = new LinkedHashMap<>(ServiceModel.dependencies(serviceClass, this, problems));
        this.entrypoints = ServiceModel.entrypoints(serviceClass, this, problems);
    }

    /**
     * Whether the {@code max_workers} slots run on virtual threads ({@code worker_threads: virtual}, JDK 21+); a
     * JDK without them is reported as a problem (the master refuses the setting first, this covers the testing kit).
     */
    private static boolean virtualThreads(Map<String, Object> config, Problems problems) throws ServiceDefinitionException {
        Object kind = config.get(Settings.WORKER_THREADS.name());
        if (kind == null || "platform".equals(kind)) return false;
        if (!"virtual".equals(kind)) {
            problems.report(new ServiceDefinitionException("worker_threads must be 'platform' or 'virtual', got '" + kind + "'"));
            return false;
        }
        if (!WorkerPool.virtualThreadsAvailable()) {
            problems.report(new ServiceDefinitionException("worker_threads: virtual needs JDK 21 or newer; this JVM is "
                    + Runtime.version().feature() + " (set JAVA_HOME to a JDK 21+, or use worker_threads: platform)"));
            return false;
        }
        return true;
    }

    /** The no-argument constructor, or null once its absence was reported. */
    private static Constructor<?> constructor(Class<?> serviceClass, Problems problems) throws ServiceDefinitionException {
        try {
            return ServiceModel.constructor(serviceClass);
        } catch (ServiceDefinitionException e) {
            problems.report(e);
            return null;
        }
    }

    public ServiceContainer(Class<?> serviceClass, Map<String, Object> config) throws ServiceDefinitionException {
        this(serviceClass, config, new ConcurrentHashMap<>(), System::nanoTime);
    }

    public String serviceName() { return name; }

    public Class<?> serviceClass() { return serviceClass; }

    /** The service configuration (app.yaml's non-arbiter keys), read-only. */
    public Map<String, Object> config() { return config; }

    public int maxWorkers() { return maxWorkers; }

    public List<Entrypoint> entrypoints() { return List.copyOf(entrypoints); }

    /** Dependency providers by field name. */
    public Map<String, DependencyProvider<?>> dependencies() {
        Map<String, DependencyProvider<?>> byName = new LinkedHashMap<>();
        dependencies.forEach((f, p) -> byName.put(f.getName(), p));
        return byName;
    }

    /**
     * The shared extension under {@code key}, created by {@code factory} on first use. Keys are
     * runner-wide: key by service name for one per container. The factory may itself ask for other
     * shared extensions (which then start before it and stop after it).
     */
    @SuppressWarnings("unchecked")
    public synchronized <E extends Extension> E sharedExtension(Object key, java.util.function.Supplier<E> factory) {
        Extension e = shared.get(key);
        if (e == null) {
            E created = factory.get();
            e = shared.putIfAbsent(key, created);
            if (e == null) e = created;
        }
        if (!usedShared.contains(e)) usedShared.add(e);
        return (E) e;
    }

    /**
     * Runs one call on a worker thread: new instance, inject, setup, method, {@code handleResult},
     * {@code workerResult}, teardown. The future completes after teardown with the (handled) result
     * or the method's exception.
     *
     * @param handleResult delivers the outcome (answers the request, replies and acks), nameko's
     *                     {@code handle_result}: the entrypoint closes over its own handle on the work
     * @throws ContainerBeingKilled when the container is being killed: the caller refuses or requeues
     */
    public CompletableFuture<Object> spawnWorker(Entrypoint entrypoint, Object[] args, Map<String, Object> contextData,
                                                 List<String> parentCallIdStack, ResultHandler handleResult) {
        if (beingKilled) throw new ContainerBeingKilled(name);
        WorkerContext ctx = new WorkerContext(name, entrypoint, args, contextData, parentCallIdStack, parentCallsTracked);
        return pool.submit(ctx, new WorkerRun(this, ctx, handleResult, constructor, dependencies, callListeners));
    }

    /**
     * Runs one call like {@link #spawnWorker(Entrypoint, Object[], Map, List, ResultHandler)}, but on the
     * calling thread and outside the {@code max_workers} slots: for entrypoints that never block
     * ({@code @Http(nonBlocking = true)} runs on undertow's IO thread, as a plain undertow handler
     * does). The future is complete when this returns.
     *
     * @throws ContainerBeingKilled when the container is being killed
     */
    public CompletableFuture<Object> runWorkerHere(Entrypoint entrypoint, Object[] args, Map<String, Object> contextData,
                                                   List<String> parentCallIdStack, ResultHandler handleResult) {
        if (beingKilled) throw new ContainerBeingKilled(name);
        WorkerContext ctx = new WorkerContext(name, entrypoint, args, contextData, parentCallIdStack, parentCallsTracked);
        return pool.runHere(ctx, new WorkerRun(this, ctx, handleResult, constructor, dependencies, callListeners));
    }

    /**
     * {@link #spawnWorker(Entrypoint, Object[], Map, List, ResultHandler)} with the entrypoint's own
     * {@link Entrypoint#handleResult}: for work with no handle to answer (a timer tick, the testing kit).
     */
    public CompletableFuture<Object> spawnWorker(Entrypoint entrypoint, Object[] args, Map<String, Object> contextData,
                                                 List<String> parentCallIdStack) {
        return spawnWorker(entrypoint, args, contextData, parentCallIdStack, entrypoint::handleResult);
    }

    /** Runs {@code task} on a thread the container owns; an uncaught error kills the container. */
    public Thread spawnManagedThread(Runnable task, String identifier) {
        Thread t = new Thread(() -> {
            try {
                task.run();
            } catch (Throwable e) {
                if (!(beingKilled && e instanceof InterruptedException)) {
                    org.slf4j.LoggerFactory.getLogger(ServiceContainer.class)
                            .error("Managed thread {} of {} exited with error: {}", identifier, name, e.toString(), e);
                    kill(e);
                }
            } finally {
                managedThreads.remove(Thread.currentThread());
            }
        }, name + "-" + identifier);
        t.setDaemon(true);
        managedThreads.put(t, identifier);
        t.start();
        return t;
    }

    /** Sets up then starts every extension; throws when any of them fails (the worker exits 3). */
    public void start() throws Exception {
        List<Extension> all = extensions();
        for (Extension e : all) e.setup();
        started = true;
        for (Extension e : all) e.start();
    }

    /**
     * Graceful stop: entrypoints stop (no new work) → in-flight calls finish (bounded by
     * {@code timeout}, with a WARN when it runs out) → dependencies stop → shared extensions stop →
     * leftover managed threads are interrupted.
     */
    public void stop(Duration timeout) {
        if (beingKilled) {
            awaitDeath(timeout);
            return;
        }
        for (Entrypoint e : entrypoints) e.stop();
        pool.awaitIdle(timeout);
        for (DependencyProvider<?> d : dependencies.values()) d.stop();
        List<Extension> sharedLastFirst = new ArrayList<>(usedShared);
        Collections.reverse(sharedLastFirst);
        for (Extension e : sharedLastFirst) e.stop();
        interruptManagedThreads();
        pool.shutdown();
        died.complete(null);
    }

    /** Everything now: refuse new work, interrupt calls and threads, kill extensions. Never throws. */
    public void kill(Throwable cause) {
        synchronized (this) {
            if (beingKilled) return;
            beingKilled = true;
        }
        for (Extension e : extensions()) {
            try {
                e.kill();
            } catch (RuntimeException ex) {
                org.slf4j.LoggerFactory.getLogger(ServiceContainer.class).warn("Extension {} failed to kill: {}", e, ex.toString());
            }
        }
        pool.shutdownNow();
        interruptManagedThreads();
        if (cause == null) died.complete(null);
        else died.completeExceptionally(cause);
    }

    public void kill() {
        kill(null);
    }

    /** Completes when the container has stopped (normally) or was killed (exceptionally, with the cause). */
    public CompletableFuture<Void> died() {
        return died;
    }

    public boolean awaitDeath(Duration timeout) {
        try {
            died.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return died.isDone();
        }
    }

    public boolean isBeingKilled() { return beingKilled; }

    /** False iff every one of the {@code max_workers} slots holds a call running for {@code stuckAfterNanos} or more. */
    public boolean makingProgress(long stuckAfterNanos) {
        return pool.makingProgress(nanoTime.getAsLong(), stuckAfterNanos);
    }

    /** Calls running or waiting for a slot. */
    public int inFlight() { return pool.inFlight(); }

    /** Called on the worker's thread after every call's teardown: the testing kit, max_requests, the scoreboard. */
    public void onCallDone(Consumer<CallDone> listener) {
        callListeners.add(listener);
    }

    /** Testing kit: swap a provider before start. */
    public void replaceDependency(String field, DependencyProvider<?> replacement) {
        if (started) throw new IllegalStateException("replaceDependencies must be called before the container starts");
        for (Field f : dependencies.keySet()) {
            if (f.getName().equals(field)) {
                dependencies.put(f, replacement);
                return;
            }
        }
        throw new ExtensionNotFound("dependency '" + field + "' not found on " + serviceClass.getName());
    }

    /** Testing kit: keep only these entrypoints (before start). */
    public void restrictEntrypoints(List<String> methodNames) {
        if (started) throw new IllegalStateException("restrictEntrypoints must be called before the container starts");
        for (String m : methodNames) entrypoint(m);
        List<Entrypoint> kept = new ArrayList<>();
        for (Entrypoint e : entrypoints) if (methodNames.contains(e.methodName())) kept.add(e);
        entrypoints = kept;
    }

    /** The entrypoint bound to {@code methodName}. */
    public Entrypoint entrypoint(String methodName) {
        for (Entrypoint e : entrypoints) if (e.methodName().equals(methodName)) return e;
        throw new ExtensionNotFound("entrypoint '" + methodName + "' not found on " + serviceClass.getName());
    }

    /** Setup/start order: shared extensions, dependencies, entrypoints (which may register with shared ones). */
    private List<Extension> extensions() {
        List<Extension> all = new ArrayList<>(usedShared);
        all.addAll(dependencies.values());
        all.addAll(entrypoints);
        return all;
    }

    private void interruptManagedThreads() {
        for (Thread t : managedThreads.keySet()) if (t != Thread.currentThread()) t.interrupt();
    }

    private static int positiveOr(Object value, int fallback) {
        if (value instanceof Number n && n.intValue() > 0) return n.intValue();
        if (value instanceof String s && s.matches("\\d+") && Integer.parseInt(s) > 0) return Integer.parseInt(s);
        return fallback;
    }

    @Override
    public String toString() {
        return "ServiceContainer(" + name + ")";
    }
}
