package io.jarbiter.messaging.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.jarbiter.amqp.internal.Codec;
import io.jarbiter.amqp.internal.ContainerAmqp;
import io.jarbiter.container.DependencyFactory;
import io.jarbiter.container.DependencyProvider;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;
import io.jarbiter.container.WorkerContext;
import io.jarbiter.messaging.MessagePublisher;
import io.jarbiter.messaging.PublishOptions;
import io.jarbiter.messaging.Publisher;
import io.jarbiter.messaging.Queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Provider behind {@link Publisher}: declares the exchange and the {@code declare} queues at setup on
 * the container's publishing channel (automatic recovery redeclares them after a reconnect, as kombu's
 * maybe_declare does), and injects a {@link MessagePublisher} carrying the call's context headers.
 */
public final class PublisherProvider implements DependencyProvider<MessagePublisher> {
    static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);
    private final Publisher spec;
    private final String field;
    private final ContainerAmqp amqp;

    PublisherProvider(Publisher spec, String field, ServiceContainer container) throws ServiceDefinitionException {
        this.spec = spec;
        this.field = field;
        this.amqp = ContainerAmqp.of(container);
    }

    @Override
    public void setup() throws IOException {
        amqp.connect();
        // declared on the container's publishing channel (amqp-client serialises a channel's synchronous
        // methods, so a concurrent publish is not disturbed); a refused declaration closes that channel and
        // the next publish opens another
        Channel ch = amqp.publisher().channel();
        try {
            Declarations.declare(ch, spec.exchange());
            for (Queue q : spec.declare()) Declarations.declare(ch, q);
        } catch (IOException e) {
            throw new IOException(field + ": cannot declare what @Publisher declares: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    @Override
    public MessagePublisher getDependency(WorkerContext worker) {
        return new CallPublisher(Codec.headers(worker.contextData(), worker.callIdStack()));
    }

    /** One call's publisher: the annotation's defaults, the options given, then the context headers. */
    private final class CallPublisher implements MessagePublisher {
        private final Map<String, Object> contextHeaders;

        CallPublisher(Map<String, Object> contextHeaders) {
            this.contextHeaders = contextHeaders;
        }

        @Override
        public void publish(Object message) {
            publish(message, PublishOptions.defaults());
        }

        @Override
        public void publish(Object message, String routingKey) {
            publish(message, PublishOptions.routingKey(routingKey));
        }

        @Override
        public void publish(Object message, PublishOptions options) {
            String routingKey = options.routingKey() != null ? options.routingKey() : spec.routingKey();
            String exchange = spec.exchange().name();
            try {
                amqp.publisher().publish(exchange, routingKey, properties(options), Codec.write(message), false, CONFIRM_TIMEOUT);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot publish to exchange '" + exchange + "' with routing key '" + routingKey + "': "
                        + e.getMessage(), e);
            } catch (TimeoutException e) {
                throw new UncheckedIOException(new IOException("the broker did not confirm the message to exchange '" + exchange
                        + "' (routing key '" + routingKey + "') within " + CONFIRM_TIMEOUT.toSeconds() + " s", e));
            }
        }

        private AMQP.BasicProperties properties(PublishOptions o) {
            Map<String, Object> headers = new LinkedHashMap<>(o.headers());
            headers.putAll(contextHeaders);
            boolean persistent = o.persistent() != null ? o.persistent() : spec.persistent();
            Duration ttl = o.expiration() != null ? o.expiration()
                    : spec.expiration() > 0 ? Duration.ofMillis((long) (spec.expiration() * 1000)) : null;
            return io.jarbiter.amqp.internal.Publisher.properties().headers(headers)
                    .deliveryMode(persistent ? 2 : 1)
                    .priority(o.priority() != null ? o.priority() : spec.priority())
                    .expiration(ttl == null ? null : String.valueOf(ttl.toMillis()))
                    .correlationId(o.correlationId()).replyTo(o.replyTo()).build();
        }
    }

    /** Builds the provider for {@code @Publisher} fields of type {@link MessagePublisher}. */
    public static final class Factory implements DependencyFactory<Publisher> {
        @Override
        public DependencyProvider<?> create(Publisher annotation, Field field, ServiceContainer container) throws ServiceDefinitionException {
            String name = field.getDeclaringClass().getName() + "." + field.getName();
            if (field.getType() != MessagePublisher.class) {
                throw new ServiceDefinitionException(name + ": @Publisher fields must be declared MessagePublisher, not "
                        + field.getType().getSimpleName());
            }
            if (annotation.priority() < 0 || annotation.priority() > 255) {
                throw new ServiceDefinitionException(name + ": @Publisher priority must be 0 to 255, got " + annotation.priority());
            }
            if (annotation.expiration() < 0) {
                throw new ServiceDefinitionException(name + ": @Publisher expiration must be >= 0 seconds (0: none), got " + annotation.expiration());
            }
            try {
                Declarations.check(annotation.exchange());
                List.of(annotation.declare()).forEach(Declarations::check);
            } catch (IllegalArgumentException e) {
                throw new ServiceDefinitionException(name + ": @Publisher " + e.getMessage());
            }
            return new PublisherProvider(annotation, name, container);
        }
    }
}
