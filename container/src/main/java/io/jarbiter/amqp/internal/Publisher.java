package io.jarbiter.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Publishes with publisher confirms (as nameko does) on one channel. A channel must not publish from
 * two threads at once, so {@link #publish} is synchronized; the basic.return of an unroutable
 * mandatory message arrives before its confirm, so the returned flag is known when publish returns.
 * A channel error (publishing to a missing exchange) is an IOException, and the next publish gets a new channel.
 */
public final class Publisher {
    private final Connection connection;
    private final Set<String> returned = ConcurrentHashMap.newKeySet();
    private Channel channel;

    public Publisher(Connection connection) throws IOException {
        this.connection = connection;
        this.channel = open();
    }

    private Channel open() throws IOException {
        Channel ch = connection.createChannel();
        ch.confirmSelect();
        ch.addReturnListener(r -> {
            if (r.getProperties().getCorrelationId() != null) returned.add(r.getProperties().getCorrelationId());
        });
        return ch;
    }

    /**
     * Publishes and waits for the broker's confirm.
     *
     * @return false when a mandatory message was returned as unroutable
     */
    public synchronized boolean publish(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body,
                                        boolean mandatory, Duration timeout) throws IOException, TimeoutException {
        Channel ch = channel();
        try {
            ch.basicPublish(exchange, routingKey, mandatory, props, body);
            ch.waitForConfirmsOrDie(timeout.toMillis());
        } catch (com.rabbitmq.client.ShutdownSignalException e) {
            // a channel error (e.g. NOT_FOUND: the exchange does not exist) closes the channel; the next publish opens another
            throw new IOException("the broker refused the message for exchange '" + exchange + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the broker's confirm", e);
        }
        return props.getCorrelationId() == null || !returned.remove(props.getCorrelationId());
    }

    /** The publishing channel, opened again when a channel error closed it (the connection's recovery does not). */
    public synchronized Channel channel() throws IOException {
        if (!channel.isOpen() && connection.isOpen()) channel = open();
        return channel;
    }

    /** nameko's message properties: JSON, utf-8, persistent, priority 0. */
    public static AMQP.BasicProperties.Builder properties() {
        return new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                .deliveryMode(2).priority(0);
    }
}
