package io.jarbiter.amqp.internal;

import io.jarbiter.amqp.RpcProxy;
import io.jarbiter.amqp.ServiceProxy;
import io.jarbiter.container.DependencyFactory;
import io.jarbiter.container.DependencyProvider;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;
import io.jarbiter.container.WorkerContext;

import java.io.IOException;
import java.lang.reflect.Field;
import java.time.Duration;

/** Provider behind {@link RpcProxy}: one reply queue per container, a {@link ServiceProxy} per call. */
public final class RpcProxyProvider implements DependencyProvider<ServiceProxy> {
    private final ServiceContainer container;
    private final String target;
    private final Duration timeout;
    private final ContainerAmqp amqp;
    private volatile RpcClient client;

    RpcProxyProvider(ServiceContainer container, String target, Duration timeout) throws ServiceDefinitionException {
        this.container = container;
        this.target = target;
        this.timeout = timeout;
        this.amqp = ContainerAmqp.of(container);
    }

    @Override
    public void setup() throws IOException {
        client = SharedReplies.of(container, amqp).client();
    }

    @Override
    public ServiceProxy getDependency(WorkerContext worker) {
        return new ServiceProxy(client, target, worker.contextData(), worker.callIdStack(), timeout);
    }

    /** Builds the provider for {@code @RpcProxy} fields of type {@link ServiceProxy}. */
    public static final class Factory implements DependencyFactory<RpcProxy> {
        @Override
        public DependencyProvider<?> create(RpcProxy annotation, Field field, ServiceContainer container) throws ServiceDefinitionException {
            if (field.getType() != ServiceProxy.class) {
                throw new ServiceDefinitionException(field.getDeclaringClass().getName() + "." + field.getName()
                        + ": @RpcProxy fields must be declared ServiceProxy, not " + field.getType().getSimpleName());
            }
            return new RpcProxyProvider(container, annotation.value(), Duration.ofMillis((long) (annotation.timeout() * 1000)));
        }
    }

    /**
     * The container's one reply listener and client, shared by all its proxies, on a connection of their own
     * ({@code <service>-rpc-proxy}), dispatched as amqp-client does by default: a reply completes the caller's
     * future on a consumer thread of that connection, where whatever the caller chained to it may block without
     * stopping the container's consumers (whose connection dispatches on its reader thread). Closed after the
     * calls that may still use it, as shared extensions stop in the reverse order of their first use.
     */
    static final class SharedReplies implements io.jarbiter.container.Extension {
        private final com.rabbitmq.client.Connection connection;
        private final RpcClient client;

        private SharedReplies(ContainerAmqp amqp, String caller) throws IOException {
            connection = amqp.settings().connect(caller + "-rpc-proxy");
            client = RpcClient.on(connection, amqp.settings(), caller);
        }

        static SharedReplies of(ServiceContainer container, ContainerAmqp amqp) {
            return container.sharedExtension("rpc-replies:" + container.serviceName(), () -> {
                try {
                    return new SharedReplies(amqp, container.serviceName());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }

        @Override
        public void stop() {
            AmqpSettings.close(connection);
        }

        @Override
        public void kill() {
            connection.abort(1000);
        }

        RpcClient client() {
            return client;
        }
    }
}
