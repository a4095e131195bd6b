package io.jarbiter.amqp.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.jarbiter.container.Extension;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One container's AMQP: a connection (with automatic recovery), the consumer channel that carries
 * every queue of the container with prefetch {@code max_workers} per consumer (as nameko's
 * QueueConsumer), and a publisher. A shared extension keyed by service, so all of a container's
 * entrypoints and dependencies use the same connection (but in-service RPC proxies, see below). Stopped
 * last: after in-flight calls replied, and once the requests whose replies await their confirm are acked.
 *
 * <p>Threads. Deliveries are dispatched on the connection's reader thread ({@link InlineDispatch}), which
 * hands each call to a worker slot; confirms, and the acks they trigger, run there too. So nothing on
 * this connection may wait for the broker from a consumer or a confirm: in-service RPC proxies, whose
 * callers chain their own code to a reply, have a connection of their own.
 */
public final class ContainerAmqp implements Extension {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.amqp");
    private final ServiceContainer container;
    private final AmqpSettings settings;
    private Connection connection;
    private Channel consumerChannel;
    private Publisher publisher;
    /** Deliveries whose ack waits for a reply's confirm; {@link #stop} waits on {@link #settledLock} for none. */
    private final AtomicInteger settling = new AtomicInteger();
    private final Object settledLock = new Object();

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
        connection = settings.connect(container.serviceName(), true);
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

    /**
     * Acks {@code tag} once {@code confirm} (its reply's publish) is confirmed, and hands a refused or failed
     * publish to {@code unconfirmed} instead, leaving the delivery unacked for redelivery: at least once.
     * Returns at once; the ack is written on amqp-client's connection thread when the confirm arrives
     * (an ack is a frame, no round trip), so no worker waits for the broker.
     */
    public void ackWhenConfirmed(CompletableFuture<Boolean> confirm, long tag, Consumer<Throwable> unconfirmed) {
        settling.incrementAndGet(); // before chaining: the confirm may already be in
        confirm.whenComplete((routed, e) -> {
            try {
                if (e == null) ack(tag);
                else unconfirmed.accept(e);
            } finally {
                if (settling.decrementAndGet() == 0) {
                    synchronized (settledLock) {
                        settledLock.notifyAll();
                    }
                }
            }
        });
    }

    /**
     * Graceful stop, last: in-flight calls have replied; their confirms, and with them the requests' acks,
     * come in before the close (at most 5 s: what is still unacked then is redelivered).
     */
    @Override
    public synchronized void stop() {
        if (publisher != null && connection.isOpen()) awaitSettled(Duration.ofSeconds(5));
        close();
    }

    /** The check and the wait are under {@link #settledLock}, so the last ack's notify cannot fall between them. */
    private void awaitSettled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (settledLock) {
            try {
                for (long left; settling.get() > 0 && (left = deadline - System.nanoTime()) > 0; ) {
                    settledLock.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void kill() {
        if (connection != null) connection.abort(1000);
    }

    private void close() {
        if (connection != null) AmqpSettings.close(connection);
    }
}
