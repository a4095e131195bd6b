package io.jarbiter.testing;

import io.jarbiter.container.Extension;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;
import io.jarbiter.web.WebServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * nameko's {@code container_factory}: creates (unstarted) containers that share one
 * {@link WebServer}, served on a free port of 127.0.0.1 ({@link #httpPort()}), and kills them all
 * on {@link #close()}.
 */
public final class ContainerFactory implements AutoCloseable {
    private final Map<Object, Extension> shared = new ConcurrentHashMap<>();
    private final List<ServiceContainer> containers = new ArrayList<>();
    private final WebServer web = new WebServer();
    private final LongSupplier nanoTime;
    private WebServer.Listening listening;

    public ContainerFactory() {
        this(System::nanoTime);
    }

    /** With a clock of the test's own (for progress and timing checks). */
    public ContainerFactory(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        shared.put(WebServer.class, web);
    }

    public ServiceContainer create(Class<?> serviceClass, Map<String, Object> config) throws ServiceDefinitionException {
        ServiceContainer c = new ServiceContainer(serviceClass, config, shared, nanoTime);
        containers.add(c);
        return c;
    }

    /** The port the containers' {@code @Http} routes are served on (started on first use). */
    public synchronized int httpPort() {
        if (listening == null) listening = web.listen("127.0.0.1", 0);
        return listening.port();
    }

    @Override
    public synchronized void close() {
        for (ServiceContainer c : containers) c.kill();
        if (listening != null) listening.close();
    }
}
