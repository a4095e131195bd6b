package io.jarbiter.amqp;

import com.rabbitmq.client.Connection;
import io.jarbiter.amqp.internal.AmqpSettings;
import io.jarbiter.amqp.internal.Codec;
import io.jarbiter.amqp.internal.Publisher;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * nameko's standalone {@code event_dispatcher}: dispatches events as if from {@code source}, without
 * headers. Like nameko's it does not declare the exchange, so dispatching for a source whose exchange
 * was never declared fails with NOT_FOUND; pass {@code declare = true} to declare it. Thread-safe.
 */
public final class StandaloneDispatcher implements AutoCloseable {
    private final Connection connection;
    private final Publisher publisher;
    private final boolean declare;

    private StandaloneDispatcher(Connection connection, boolean declare) throws IOException {
        this.connection = connection;
        this.publisher = new Publisher(connection);
        this.declare = declare;
    }

    public static StandaloneDispatcher connect(Map<String, Object> config, boolean declare) throws IOException {
        return new StandaloneDispatcher(AmqpSettings.of(config).connect("standalone_event_dispatcher"), declare);
    }

    public void dispatch(String source, String eventType, Object payload) throws IOException {
        String exchange = source + ".events";
        try {
            if (declare) publisher.channel().exchangeDeclare(exchange, "topic", true, false, null);
            publisher.publish(exchange, eventType, Publisher.properties().headers(Map.of()).build(), Codec.write(payload), false, Duration.ofSeconds(30));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("the broker did not confirm event " + eventType + " of " + source, e);
        }
    }

    @Override
    public void close() {
        AmqpSettings.close(connection);
    }
}
