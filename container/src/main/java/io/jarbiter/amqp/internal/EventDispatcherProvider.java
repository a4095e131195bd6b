package io.jarbiter.amqp.internal;

import io.jarbiter.amqp.Dispatcher;
import io.jarbiter.amqp.EventDispatcher;
import io.jarbiter.container.DependencyFactory;
import io.jarbiter.container.DependencyProvider;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;
import io.jarbiter.container.WorkerContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.time.Duration;

/**
 * Provider behind {@link EventDispatcher}: declares {@code <service>.events} (unless
 * {@code DECLARE_EVENT_EXCHANGES: false}; auto-deleted with {@code AUTO_DELETE_EVENT_EXCHANGES: true},
 * as nameko's get_event_exchange); a Dispatcher per call.
 */
public final class EventDispatcherProvider implements DependencyProvider<Dispatcher> {
    private final ServiceContainer container;
    private final ContainerAmqp amqp;

    EventDispatcherProvider(ServiceContainer container) throws ServiceDefinitionException {
        this.container = container;
        this.amqp = ContainerAmqp.of(container);
    }

    private String exchange() {
        return container.serviceName() + ".events";
    }

    @Override
    public void setup() throws IOException {
        amqp.connect();
        AmqpSettings s = amqp.settings();
        if (s.declareEventExchanges()) amqp.publisher().channel().exchangeDeclare(exchange(), "topic", true, s.autoDeleteEventExchanges(), null);
    }

    @Override
    public Dispatcher getDependency(WorkerContext worker) {
        return (eventType, payload) -> {
            try {
                amqp.publisher().publish(exchange(), eventType,
                        Publisher.properties().headers(Codec.headers(worker.contextData(), worker.callIdStack())).build(),
                        Codec.write(payload), false, Duration.ofSeconds(30));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot dispatch event " + eventType + ": " + e.getMessage(), e);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new UncheckedIOException(new IOException("the broker did not confirm event " + eventType + " within 30 s", e));
            }
        };
    }

    /** Builds the provider for {@code @EventDispatcher} fields of type {@link Dispatcher}. */
    public static final class Factory implements DependencyFactory<EventDispatcher> {
        @Override
        public DependencyProvider<?> create(EventDispatcher annotation, Field field, ServiceContainer container) throws ServiceDefinitionException {
            if (field.getType() != Dispatcher.class) {
                throw new ServiceDefinitionException(field.getDeclaringClass().getName() + "." + field.getName()
                        + ": @EventDispatcher fields must be declared Dispatcher, not " + field.getType().getSimpleName());
            }
            return new EventDispatcherProvider(container);
        }
    }
}
