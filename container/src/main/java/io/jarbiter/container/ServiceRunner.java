package io.jarbiter.container;

import io.jarbiter.web.WebServer;

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
 * They share one {@link WebServer}: every container's {@code @Http} routes are served by it.
 */
public final class ServiceRunner {
    private final Map<String, Object> serviceConfig;
    private final WebServer webServer = new WebServer();
    private final Map<Object, Extension> shared = new ConcurrentHashMap<>();
    private final Map<String, ServiceContainer> containers = new LinkedHashMap<>();
    private final List<Consumer<Throwable>> deathListeners = new ArrayList<>();
    private final List<Consumer<CallDone>> callListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ServiceRunner(Map<String, Object> serviceConfig) {
        this.serviceConfig = serviceConfig;
        shared.put(WebServer.class, webServer);
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

    public WebServer webServer() {
        return webServer;
    }

    public Map<String, ServiceContainer> containers() {
        return Map.copyOf(containers);
    }
}
