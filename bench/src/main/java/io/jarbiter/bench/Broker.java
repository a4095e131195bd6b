package io.jarbiter.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** The bench's view of RabbitMQ: queue depths and consumer counts, by passive declaration. */
final class Broker implements AutoCloseable {
    private final Connection connection;

    Broker(String amqpUri) throws IOException {
        connection = connect(amqpUri, "bench-broker");
    }

    static Connection connect(String amqpUri, String name) throws IOException {
        try {
            ConnectionFactory f = new ConnectionFactory();
            f.setUri(amqpUri);
            if (f.getVirtualHost().isEmpty()) f.setVirtualHost("/"); // amqp://host:5672/ names the default vhost, as for kombu
            return f.newConnection(name);
        } catch (TimeoutException | java.net.URISyntaxException | java.security.GeneralSecurityException e) {
            throw new IOException("cannot connect to " + amqpUri + ": " + e, e);
        }
    }

    /** The queue's state, or null when it does not exist (a failed passive declaration closes its channel). */
    AMQP.Queue.DeclareOk queue(String name) {
        try (Channel ch = connection.createChannel()) {
            return ch.queueDeclarePassive(name);
        } catch (IOException | TimeoutException | RuntimeException e) {
            return null;
        }
    }

    long ready(String queue) {
        AMQP.Queue.DeclareOk q = queue(queue);
        return q == null ? -1 : q.getMessageCount();
    }

    /** Waits (bounded) until {@code queue} has at least {@code consumers} consumers. */
    void awaitConsumers(String queue, int consumers, Duration timeout, ServerProcess server) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            AMQP.Queue.DeclareOk q = queue(queue);
            if (q != null && q.getConsumerCount() >= consumers) return;
            if (!server.alive()) throw new IOException(server.name + " exited: " + server.logTail());
            ServerProcess.pause(50);
        }
        throw new IOException("no " + consumers + " consumer(s) on " + queue + " within " + timeout.toSeconds() + " s: " + server.logTail());
    }

    void purge(String queue) {
        try (Channel ch = connection.createChannel()) {
            ch.queuePurge(queue);
        } catch (IOException | TimeoutException | RuntimeException e) {
            // no such queue: nothing to purge
        }
    }

    /** Deletes the bench's own durable queues once their servers are gone. */
    void delete(String queue) {
        try (Channel ch = connection.createChannel()) {
            ch.queueDelete(queue);
        } catch (IOException | TimeoutException | RuntimeException e) {
            // already gone
        }
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
