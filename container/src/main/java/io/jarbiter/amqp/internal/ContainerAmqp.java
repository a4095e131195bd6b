package io.jarbiter.amqp.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.jarbiter.container.Extension;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * One container's AMQP: a connection (with automatic recovery), the consumer channel that carries
 * every queue of the container with prefetch {@code max_workers} per consumer (as nameko's
 * QueueConsumer), and a publisher. A shared extension keyed by service, so all of a container's
 * entrypoints and dependencies use the same connection. Stopped last: after in-flight calls replied.
 */
public final class ContainerAmqp implements Extension {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.amqp");
    private final ServiceContainer container;
    private final AmqpSettings settings;
    private Connection connection;
    private Channel consumerChannel;
    private Publisher publisher;

    private ContainerAmqp(ServiceContainer container, AmqpSettings settings) {
        this.container = container;
        this.settings = settings;
    }

    /**
     * The container's AMQP, its settings read (and checked) from the configuration here, while the
     * service model is built: a key jarbiter cannot honour stops the worker at boot with APP_LOAD_ERROR(4).
     */
    public static ContainerAmqp of(ServiceContainer container) throws ServiceDefinitionException {
        AmqpSettings settings;
        try {
            settings = AmqpSettings.of(container.config());
        } catch (AmqpConfigException e) {
            throw new ServiceDefinitionException("service " + container.serviceName() + ": " + e.getMessage());
        }
        return container.sharedExtension("amqp:" + container.serviceName(), () -> new ContainerAmqp(container, settings));
    }

    /** Connects on first use (during setup). */
    public synchronized void connect() throws IOException {
        if (connection != null) return;
        connection = settings.connect(container.serviceName());
        consumerChannel = connection.createChannel();
        consumerChannel.basicQos(settings.prefetch());
        publisher = new Publisher(connection);
    }

    public AmqpSettings settings() {
        return settings;
    }

    public Channel consumerChannel() {
        return consumerChannel;
    }

    public Publisher publisher() {
        return publisher;
    }

    public Connection connection() {
        return connection;
    }

    /** Acks on the consumer channel; acks come from worker threads, so they are serialised here. */
    public void ack(long tag) {
        synchronized (consumerChannel) {
            try {
                consumerChannel.basicAck(tag, false);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot ack delivery {} (the broker will redeliver it): {}", tag, e.toString());
            }
        }
    }

    public void reject(long tag, boolean requeue) {
        synchronized (consumerChannel) {
            try {
                consumerChannel.basicReject(tag, requeue);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot reject delivery {}: {}", tag, e.toString());
            }
        }
    }

    /** Graceful stop, last: in-flight calls have replied; their confirms (and acks) come in before the close. */
    @Override
    public synchronized void stop() {
        if (publisher != null && connection.isOpen()) publisher.drain(java.time.Duration.ofSeconds(5));
        close();
    }

    @Override
    public synchronized void kill() {
        if (connection != null) connection.abort(1000);
    }

    private void close() {
        if (connection != null) AmqpSettings.close(connection);
    }
}
