package io.jarbiter.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes with publisher confirms (as nameko does) on one channel, without waiting under a lock:
 * {@link #publishAsync} writes the message and returns the confirm as a future (see {@link ConfirmChannel}
 * for how publishes from many threads are ordered), so the publishes of concurrent workers and calls
 * overlap their confirm round trips. {@link #publish} waits for its own confirm only. A channel error
 * (publishing to a missing exchange) fails that publish, and the next one gets a new channel.
 */
public final class Publisher {
    private final Connection connection;
    private volatile ConfirmChannel current;

    public Publisher(Connection connection) throws IOException {
        this.connection = connection;
        this.current = new ConfirmChannel(connection);
    }

    /**
     * Publishes and returns at once. The future completes on amqp-client's connection thread (chain
     * nothing blocking on it): true when confirmed, false when a mandatory message was returned as
     * unroutable; it fails with an IOException when the broker nacks the message or the channel closes.
     */
    public CompletableFuture<Boolean> publishAsync(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body,
                                                   boolean mandatory) {
        try {
            return confirmChannel().publish(exchange, routingKey, props, body, mandatory);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e instanceof IOException ? e
                    : new IOException("cannot open a publishing channel: " + e.getMessage(), e));
        }
    }

    /**
     * Publishes and waits for the broker's confirm, at most {@code timeout}.
     *
     * @return false when a mandatory message was returned as unroutable
     */
    public boolean publish(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body,
                           boolean mandatory, Duration timeout) throws IOException, TimeoutException {
        return await(publishAsync(exchange, routingKey, props, body, mandatory), timeout);
    }

    /** Waits at most {@code timeout} for a confirm from {@link #publishAsync}. */
    public static boolean await(CompletableFuture<Boolean> confirm, Duration timeout) throws IOException, TimeoutException {
        try {
            return confirm.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the broker's confirm", e);
        }
    }

    /** The publishing channel (for declarations), opened again when a channel error closed it. */
    public Channel channel() throws IOException {
        return confirmChannel().channel();
    }

    /**
     * The open confirm channel. A channel error closes a channel for good (the connection's recovery
     * only reopens channels after a connection loss), so a closed one is replaced while the connection
     * is up; the lock only guards that replacement.
     */
    private ConfirmChannel confirmChannel() throws IOException {
        ConfirmChannel c = current;
        if (c.isOpen() || !connection.isOpen()) return c;
        synchronized (this) {
            if (!current.isOpen() && connection.isOpen()) current = new ConfirmChannel(connection);
            return current;
        }
    }

    /** nameko's message properties: JSON, utf-8, persistent, priority 0. */
    public static AMQP.BasicProperties.Builder properties() {
        return new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                .deliveryMode(2).priority(0);
    }

    /** A reply's properties: nameko's, its correlation id and an empty header table. */
    public static AMQP.BasicProperties reply(String correlationId) {
        return new AMQP.BasicProperties("application/json", "utf-8", Map.of(), 2, 0, correlationId,
                null, null, null, null, null, null, null, null);
    }
}
