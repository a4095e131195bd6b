package io.jarbiter.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Events in nameko's format (exchange {@code bench_source.events}, routing key = the event type, the JSON
 * payload as body, persistent), published by amqp-client as fast as it goes, confirmed once at the end;
 * the handlers' rate is the number published over the time until their queue is empty.
 */
final class EventLoad implements AutoCloseable {
    static final String SOURCE = "bench_source";
    private static final byte[] PAYLOAD = "\"tick\"".getBytes(StandardCharsets.UTF_8);
    private final Connection connection;
    private final Channel channel;
    private final Broker broker;

    EventLoad(String amqpUri, Broker broker) throws IOException {
        this.broker = broker;
        connection = Broker.connect(amqpUri, "bench-event-load");
        channel = connection.createChannel();
        channel.exchangeDeclare(SOURCE + ".events", "topic", true, false, null);
        channel.confirmSelect();
    }

    /** Events handled per second, or NaN when {@code queue} did not drain within {@code timeout}. */
    double run(String eventType, String queue, long events, Duration timeout) throws IOException {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                .deliveryMode(2).priority(0).headers(Map.of()).build();
        long t0 = System.nanoTime(), deadline = t0 + timeout.toNanos();
        for (long i = 0; i < events; i++) channel.basicPublish(SOURCE + ".events", eventType, false, props, PAYLOAD);
        // confirmed = enqueued: without this wait, the depth read on another channel can overtake the publishes
        try {
            channel.waitForConfirmsOrDie(timeout.toMillis());
        } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return Double.NaN;
        }
        // the last prefetch-full of deliveries may still be unacked when the queue reads empty
        while (broker.ready(queue) != 0) {
            if (System.nanoTime() > deadline) return Double.NaN;
            ServerProcess.pause(5);
        }
        return events / ((System.nanoTime() - t0) / 1e9);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
    }
}
