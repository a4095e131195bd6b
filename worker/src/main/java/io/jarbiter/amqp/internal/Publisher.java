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
 */
public final class Publisher {
    private final Channel channel;
    private final Set<String> returned = ConcurrentHashMap.newKeySet();

    public Publisher(Connection connection) throws IOException {
        this.channel = connection.createChannel();
        channel.confirmSelect();
        channel.addReturnListener(r -> {
            if (r.getProperties().getCorrelationId() != null) returned.add(r.getProperties().getCorrelationId());
        });
    }

    /**
     * Publishes and waits for the broker's confirm.
     *
     * @return false when a mandatory message was returned as unroutable
     */
    public synchronized boolean publish(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body,
                                        boolean mandatory, Duration timeout) throws IOException, TimeoutException {
        channel.basicPublish(exchange, routingKey, mandatory, props, body);
        try {
            channel.waitForConfirmsOrDie(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the broker's confirm", e);
        }
        return props.getCorrelationId() == null || !returned.remove(props.getCorrelationId());
    }

    public Channel channel() {
        return channel;
    }

    /** nameko's message properties: JSON, utf-8, persistent, priority 0. */
    public static AMQP.BasicProperties.Builder properties() {
        return new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                .deliveryMode(2).priority(0);
    }
}
