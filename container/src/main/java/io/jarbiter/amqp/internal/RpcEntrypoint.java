package io.jarbiter.amqp.internal;

import io.jarbiter.amqp.Rpc;
import io.jarbiter.container.Entrypoint;
import io.jarbiter.container.EntrypointFactory;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;

/** {@code @Rpc}: registers with the container's {@link RpcConsumer}; the consumer spawns its calls, replies and acks. */
public final class RpcEntrypoint extends Entrypoint {
    private final Rpc rpc;
    private final RpcConsumer consumer;

    RpcEntrypoint(Rpc rpc, Method method, ServiceContainer container) throws ServiceDefinitionException {
        super(method, container);
        this.rpc = rpc;
        this.consumer = RpcConsumer.of(container);
    }

    /** Builds {@link RpcEntrypoint}s for {@link Rpc}. */
    public static final class Factory implements EntrypointFactory<Rpc> {
        @Override
        public Entrypoint create(Rpc annotation, Method method, ServiceContainer container) throws ServiceDefinitionException {
            return new RpcEntrypoint(annotation, method, container);
        }
    }

    @Override
    public void setup() {
        consumer.register(this);
    }

    /** Graceful stop, first step: when the last @Rpc method of the service stops, the consumer is cancelled. */
    @Override
    public void stop() {
        consumer.unregister(this);
    }

    @Override
    public Set<Class<? extends Throwable>> expectedExceptions() {
        return Set.of(rpc.expectedExceptions());
    }

    @Override
    public List<String> sensitiveArguments() {
        return List.of(rpc.sensitiveArguments());
    }
}
