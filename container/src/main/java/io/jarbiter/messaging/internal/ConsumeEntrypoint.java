package io.jarbiter.messaging.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.rabbitmq.client.AMQP;
import io.jarbiter.amqp.internal.Codec;
import io.jarbiter.amqp.internal.ContainerAmqp;
import io.jarbiter.amqp.internal.Delivery;
import io.jarbiter.amqp.internal.QueueConsumer;
import io.jarbiter.container.Entrypoint;
import io.jarbiter.container.EntrypointFactory;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;
import io.jarbiter.messaging.Consume;
import io.jarbiter.messaging.Message;
import io.jarbiter.process.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * {@code @Consume}: declares the queue at setup and consumes it on the container's consumer channel
 * (prefetch {@code max_workers}), as nameko's QueueConsumer. Ack or requeue happens in
 * {@link #handleResult}, after the method ran; an unacked message goes back to the broker when the
 * worker dies, and the consumer is cancelled first on a graceful stop.
 */
public final class ConsumeEntrypoint extends Entrypoint {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.amqp");
    private final Consume consume;
    private final ContainerAmqp amqp;
    private final JavaType payloadType;
    private final boolean withMessage;
    private volatile String queue;
    private final QueueConsumer consumer;

    ConsumeEntrypoint(Consume consume, Method method, ServiceContainer container) throws ServiceDefinitionException {
        super(method, container);
        this.consume = consume;
        this.amqp = ContainerAmqp.of(container);
        this.consumer = new QueueConsumer(amqp, this, consume.requeueOnError());
        Class<?>[] params = method.getParameterTypes();
        if (params.length == 0 || params.length > 2 || (params.length == 2 && params[1] != Message.class)) {
            throw new ServiceDefinitionException(ServiceDefinitionException.member(method) + ": a @Consume method takes the message body,"
                    + " optionally followed by a io.jarbiter.messaging.Message");
        }
        try {
            Declarations.check(consume.queue());
        } catch (IllegalArgumentException e) {
            throw new ServiceDefinitionException(ServiceDefinitionException.member(method) + ": @Consume " + e.getMessage());
        }
        this.payloadType = Json.MAPPER.constructType(method.getGenericParameterTypes()[0]);
        this.withMessage = params.length == 2;
        this.queue = consume.queue().name();
    }

    /** Builds {@link ConsumeEntrypoint}s for {@link Consume}. */
    public static final class Factory implements EntrypointFactory<Consume> {
        @Override
        public Entrypoint create(Consume annotation, Method method, ServiceContainer container) throws ServiceDefinitionException {
            return new ConsumeEntrypoint(annotation, method, container);
        }
    }

    /** The queue's name (the broker's, once declared, for a queue named {@code ""}). */
    public String queue() {
        return queue;
    }

    @Override
    public void setup() throws IOException {
        amqp.connect();
        try {
            queue = Declarations.declare(amqp.consumerChannel(), consume.queue());
        } catch (IOException e) {
            throw new IOException(ServiceDefinitionException.member(method()) + ": cannot declare @Consume queue '" + consume.queue().name()
                    + "': " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    @Override
    public void start() throws IOException {
        consumer.start(queue, this::onDelivery);
    }

    /** Graceful stop, first step: no new messages; those in flight still finish and are acked. */
    @Override
    public void stop() {
        consumer.stop();
    }

    @Override
    public Set<Class<? extends Throwable>> expectedExceptions() {
        return Set.of(consume.expectedExceptions());
    }

    private void onDelivery(Delivery d) {
        Object payload;
        try {
            payload = payload(d);
        } catch (IOException e) {
            // kombu's ConsumerMixin acks and drops what it cannot decode; so do we, saying so once
            LOG.error("Dropping message {} on {}: the body cannot be decoded as {}: {}", d.envelope().getRoutingKey(), queue,
                    method().getParameterTypes()[0].getSimpleName(), e.getMessage());
            consumer.drop(d);
            return;
        }
        consumer.spawn(d, withMessage ? new Object[]{payload, message(d)} : new Object[]{payload});
    }

    /** JSON (or no content type) into the parameter's type; {@code byte[]} takes the raw body, String a text/plain one. */
    private Object payload(Delivery d) throws IOException {
        if (payloadType.getRawClass() == byte[].class) return d.body();
        String type = d.props().getContentType();
        if (type == null || type.equals("application/json")) return Json.MAPPER.readValue(d.body(), payloadType);
        if (type.startsWith("text/") && payloadType.getRawClass() == String.class) return new String(d.body(), StandardCharsets.UTF_8);
        throw new IOException("content type '" + type + "' is not accepted (application/json is)");
    }

    @SuppressWarnings("unchecked")
    private static Message message(Delivery d) {
        AMQP.BasicProperties p = d.props();
        Object headers = Codec.plain(p.getHeaders() == null ? Map.of() : p.getHeaders());
        return new Message(d.envelope().getExchange(), d.envelope().getRoutingKey(), d.envelope().isRedeliver(),
                (Map<String, Object>) headers, p.getContentType(), p.getPriority(), p.getCorrelationId(), p.getReplyTo(), p.getExpiration());
    }
}
