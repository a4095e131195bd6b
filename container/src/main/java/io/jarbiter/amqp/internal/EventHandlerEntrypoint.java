package io.jarbiter.amqp.internal;

import com.rabbitmq.client.Channel;
import com.fasterxml.jackson.databind.JavaType;
import io.jarbiter.amqp.EventHandler;
import io.jarbiter.container.Entrypoint;
import io.jarbiter.container.EntrypointFactory;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;
import io.jarbiter.process.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.UUID;

/** {@code @EventHandler}: nameko's queue for the handler type, consumed on the container's channel. */
public final class EventHandlerEntrypoint extends Entrypoint {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.amqp");
    private final EventHandler handler;
    private final ContainerAmqp amqp;
    private final String queue;
    private final QueueConsumer consumer;
    /** The payload parameter's type, resolved once: every delivery is read into it. */
    private final JavaType payloadType;

    EventHandlerEntrypoint(EventHandler handler, Method method, ServiceContainer container) throws ServiceDefinitionException {
        super(method, container);
        this.handler = handler;
        this.amqp = ContainerAmqp.of(container);
        this.consumer = new QueueConsumer(amqp, this, handler.requeueOnError());
        if (method.getParameterCount() != 1) {
            throw new ServiceDefinitionException(ServiceDefinitionException.member(method) + ": an @EventHandler method takes exactly one parameter, the payload");
        }
        this.payloadType = Json.MAPPER.constructType(method.getGenericParameterTypes()[0]);
        boolean broadcast = handler.handlerType() == EventHandler.HandlerType.BROADCAST;
        if (broadcast && handler.reliableDelivery()) {
            throw new ServiceDefinitionException(ServiceDefinitionException.member(method) + ": a BROADCAST handler with the default identifier needs"
                    + " reliableDelivery = false (each worker gets its own queue, deleted when it goes)");
        }
        String base = "evt-" + handler.source() + "-" + handler.eventType();
        this.queue = switch (handler.handlerType()) {
            case SINGLETON -> base;
            case SERVICE_POOL -> base + "--" + container.serviceName() + "." + method.getName();
            case BROADCAST -> base + "--" + container.serviceName() + "." + method.getName() + "-" + UUID.randomUUID().toString().replace("-", "");
        };
    }

    /** Builds {@link EventHandlerEntrypoint}s for {@link EventHandler}. */
    public static final class Factory implements EntrypointFactory<EventHandler> {
        @Override
        public Entrypoint create(EventHandler annotation, Method method, ServiceContainer container) throws ServiceDefinitionException {
            return new EventHandlerEntrypoint(annotation, method, container);
        }
    }

    public String queue() {
        return queue;
    }

    @Override
    public void setup() throws IOException {
        amqp.connect();
        Channel ch = amqp.consumerChannel();
        String exchange = handler.source() + ".events";
        boolean broadcast = handler.handlerType() == EventHandler.HandlerType.BROADCAST;
        AmqpSettings s = amqp.settings();
        if (s.declareEventExchanges()) ch.exchangeDeclare(exchange, "topic", true, s.autoDeleteEventExchanges(), null);
        ch.queueDeclare(queue, true, broadcast && !handler.reliableDelivery(), !handler.reliableDelivery(), null);
        ch.queueBind(queue, exchange, handler.eventType());
    }

    @Override
    public void start() throws IOException {
        consumer.start(queue, this::onDelivery);
    }

    /** Graceful stop, first step: no new events. */
    @Override
    public void stop() {
        consumer.stop();
    }

    @Override
    public Set<Class<? extends Throwable>> expectedExceptions() {
        return Set.of(handler.expectedExceptions());
    }

    private void onDelivery(Delivery d) {
        Object payload;
        try {
            payload = Json.MAPPER.readValue(d.body(), payloadType);
        } catch (IOException e) {
            // kombu acks and drops what it cannot decode; so do we, saying so once
            LOG.error("Dropping event {} on {}: the body cannot be decoded as {}: {}", handler.eventType(), queue,
                    method().getParameterTypes()[0].getSimpleName(), e.getMessage());
            consumer.drop(d);
            return;
        }
        consumer.spawn(d, new Object[]{payload});
    }
}
