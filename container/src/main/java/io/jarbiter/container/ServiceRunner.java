package io.jarbiter.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * All the containers of one worker process, one per service class (nameko's {@code ServiceRunner}).
 * They share their shared extensions: one web server serves every container's {@code @Http} routes, and
 * the worker process finds it with {@link #sharedExtension}.
 */
public final class ServiceRunner {
    private final Map<String, Object> serviceConfig;
    private final Map<Object, Extension> shared = new ConcurrentHashMap<>();
    private final Map<String, ServiceContainer> containers = new LinkedHashMap<>();
    private final List<Consumer<Throwable>> deathListeners = new ArrayList<>();
    private final List<Consumer<CallDone>> callListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ServiceRunner(Map<String, Object> serviceConfig) {
        this.serviceConfig = serviceConfig;
    }

    /** Validates the service class now and creates its container; throws naming the class and member. */
    public ServiceContainer addService(Class<?> serviceClass) throws ServiceDefinitionException {
        return addService(serviceClass, ServiceContainer.Problems.FIRST);
    }

    /**
     * Validates the service class and creates its container, reporting every problem to {@code problems}
     * ({@code --check-config}; see {@link ServiceContainer.Problems}). A runner that reported any must never start.
     */
    public ServiceContainer addService(Class<?> serviceClass, ServiceContainer.Problems problems) throws ServiceDefinitionException {
        ServiceContainer c = new ServiceContainer(serviceClass, serviceConfig, shared, System::nanoTime, problems);
        ServiceContainer existing = containers.get(c.serviceName());
        if (existing != null) {
            problems.report(new ServiceDefinitionException(serviceClass.getName() + ": service name '" + c.serviceName()
                    + "' is already used by " + existing.serviceClass().getName() + "; service names must be unique"));
            return c;
        }
        containers.put(c.serviceName(), c);
        c.onCallDone(done -> {
            for (Consumer<CallDone> l : callListeners) l.accept(done);
        });
        c.died().whenComplete((v, error) -> {
            if (error != null) deathListeners.forEach(l -> l.accept(error));
        });
        return c;
    }

    public void start() throws Exception {
        for (ServiceContainer c : containers.values()) c.start();
    }

    /** Stops every container gracefully, in parallel; bounded by {@code timeout}. */
    public void stop(Duration timeout) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ServiceContainer c : containers.values()) stops.add(CompletableFuture.runAsync(() -> c.stop(timeout)));
        try {
            CompletableFuture.allOf(stops.toArray(new CompletableFuture[0])).get(timeout.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(ServiceRunner.class).warn("Containers still stopping after {} s: {}", timeout.toSeconds(), e.toString());
        }
    }

    public void kill() {
        for (ServiceContainer c : containers.values()) c.kill();
    }

    /** False when any container has every slot stuck for {@code stuckAfterNanos}. */
    public boolean makingProgress(long stuckAfterNanos) {
        for (ServiceContainer c : containers.values()) if (!c.makingProgress(stuckAfterNanos)) return false;
        return true;
    }

    /** Called when a container was killed by an error (a managed thread or a provider failed). */
    public void onContainerDied(Consumer<Throwable> listener) {
        deathListeners.add(listener);
    }

    /**
     * Called on the worker's thread after every call's teardown, in any container (max_requests, the
     * scoreboard: they skip calls whose entrypoint does not {@linkplain Entrypoint#countsAsRequest count}).
     */
    public void onCallDone(Consumer<CallDone> listener) {
        callListeners.add(listener);
    }

    /** Calls running or queued in every container. */
    public int inFlight() {
        int n = 0;
        for (ServiceContainer c : containers.values()) n += c.inFlight();
        return n;
    }

    /**
     * The shared extension under {@code key}, created by {@code factory} unless a container made it already:
     * the worker process takes the web server its containers registered their routes with this way.
     */
    @SuppressWarnings("unchecked")
    public <E extends Extension> E sharedExtension(Object key, java.util.function.Supplier<E> factory) {
        Extension e = shared.get(key);
        if (e == null) {
            E created = factory.get(); // outside the map: a factory may ask for other shared extensions
            e = shared.putIfAbsent(key, created);
            if (e == null) e = created;
        }
        return (E) e;
    }

    public Map<String, ServiceContainer> containers() {
        return Map.copyOf(containers);
    }
}
