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
    private final boolean autoDelete;

    private StandaloneDispatcher(Connection connection, boolean declare, boolean autoDelete) throws IOException {
        this.connection = connection;
        this.publisher = new Publisher(connection);
        this.declare = declare;
        this.autoDelete = autoDelete;
    }

    /**
     * @param declare declare the source's exchange (auto-deleted with {@code AUTO_DELETE_EVENT_EXCHANGES: true});
     *                {@code DECLARE_EVENT_EXCHANGES: false} in the configuration wins
     * @throws IllegalArgumentException a key jarbiter cannot honour as written (the message names it)
     */
    public static StandaloneDispatcher connect(Map<String, Object> config, boolean declare) throws IOException {
        AmqpSettings settings = AmqpSettings.of(config);
        Connection connection = settings.connect("standalone_event_dispatcher");
        try {
            return new StandaloneDispatcher(connection, declare && settings.declareEventExchanges(), settings.autoDeleteEventExchanges());
        } catch (IOException | RuntimeException e) {
            connection.abort();
            throw e;
        }
    }

    public void dispatch(String source, String eventType, Object payload) throws IOException {
        String exchange = source + ".events";
        try {
            if (declare) publisher.channel().exchangeDeclare(exchange, "topic", true, autoDelete, null);
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
