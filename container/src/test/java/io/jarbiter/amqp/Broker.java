package io.jarbiter.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Assumptions;

import java.util.Map;

/**
 * The RabbitMQ the AMQP tests use ({@code AMQP_URI}, default the local guest broker). Unreachable:
 * the tests are skipped, except in CI ({@code CI=true}) where that is a failure.
 */
public final class Broker {
    public static final String URI = System.getenv().getOrDefault("AMQP_URI", "amqp://guest:guest@localhost:5672/");

    private Broker() {}

    public static Map<String, Object> config(Object... extra) {
        Map<String, Object> c = new java.util.HashMap<>();
        c.put("AMQP_URI", URI);
        for (int i = 0; i + 1 < extra.length; i += 2) c.put((String) extra[i], extra[i + 1]);
        return c;
    }

    /** A raw connection for publishing and inspecting, or a skip (outside CI) when there is no broker. */
    public static Connection connect() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(io.jarbiter.amqp.internal.AmqpSettings.javaUri(URI));
        f.setConnectionTimeout(3000);
        try {
            return f.newConnection("jarbiter-test");
        } catch (java.io.IOException | java.util.concurrent.TimeoutException e) {
            if ("true".equals(System.getenv("CI"))) throw new AssertionError("RabbitMQ is required in CI at AMQP_URI=" + URI + ": " + e);
            Assumptions.abort("no RabbitMQ at " + URI + " (" + e + "); see README: RPC and events");
            return null;
        }
    }

    /** Deletes queues and exchanges a test declared (missing ones are fine). */
    public static void cleanUp(Connection c, java.util.List<String> queues, java.util.List<String> exchanges) throws Exception {
        for (String q : queues) {
            Channel ch = c.createChannel();
            try {
                ch.queueDelete(q);
                ch.close();
            } catch (Exception ignored) {
                // already gone
            }
        }
        for (String x : exchanges) {
            Channel ch = c.createChannel();
            try {
                ch.exchangeDelete(x);
                ch.close();
            } catch (Exception ignored) {
                // already gone
            }
        }
    }
}
