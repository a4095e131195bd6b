package io.jarbiter.amqp.internal;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.jarbiter.conf.NamekoKeys;

import java.io.IOException;

import java.util.Map;

/** nameko's AMQP configuration keys, read from the service configuration, with nameko's defaults. */
public record AmqpSettings(String uri, String rpcExchange, int heartbeatSeconds, int prefetch) {
    public static final String DEFAULT_URI = "amqp://guest:guest@localhost:5672/";

    public static AmqpSettings of(Map<String, Object> config) {
        Object uri = config.get(NamekoKeys.AMQP_URI);
        Object exchange = config.get(NamekoKeys.RPC_EXCHANGE);
        Object heartbeat = config.get(NamekoKeys.HEARTBEAT);
        Object maxWorkers = config.get(NamekoKeys.MAX_WORKERS);
        int prefetch = maxWorkers instanceof Number n && n.intValue() > 0 ? n.intValue() : 10;
        return new AmqpSettings(uri == null ? DEFAULT_URI : String.valueOf(uri),
                exchange == null ? "nameko-rpc" : String.valueOf(exchange),
                heartbeat instanceof Number n ? n.intValue() : 60, prefetch);
    }

    /**
     * The URI as amqp-client reads it: kombu's {@code pyamqp://} scheme accepted, and a bare trailing
     * {@code /} meaning the default vhost {@code /} (as kombu reads it), not the empty vhost.
     */
    public static String javaUri(String uri) {
        String u = uri.replaceFirst("^pyamqp://", "amqp://").replaceFirst("^librabbitmq://", "amqp://");
        int hostStart = u.indexOf("://") + 3;
        int slash = u.indexOf('/', hostStart);
        if (slash >= 0 && slash == u.length() - 1) u = u.substring(0, slash);
        return u;
    }

    /**
     * A connection factory for this URI (kombu's {@code pyamqp://} accepted) with automatic recovery:
     * after a lost connection, channels, queues, bindings and consumers come back by themselves.
     */
    public ConnectionFactory factory() {
        ConnectionFactory f = new ConnectionFactory();
        try {
            f.setUri(javaUri(uri));
        } catch (Exception e) {
            throw new IllegalArgumentException("AMQP_URI '" + uri + "' is not a valid AMQP URI (e.g. amqp://guest:guest@localhost:5672/): " + e.getMessage());
        }
        f.setAutomaticRecoveryEnabled(true);
        f.setTopologyRecoveryEnabled(true);
        f.setNetworkRecoveryInterval(1000);
        f.setRequestedHeartbeat(heartbeatSeconds);
        f.setConnectionTimeout(5000);
        return f;
    }

    /** Opens a connection named {@code name}; the error names the URI (password hidden) and says why. */
    public Connection connect(String name) throws IOException {
        try {
            return factory().newConnection(name);
        } catch (java.util.concurrent.TimeoutException | IOException e) {
            throw new IOException("cannot connect to RabbitMQ at " + uri.replaceAll("//([^:/@]+):[^@]*@", "//$1:***@")
                    + " (AMQP_URI): " + e.getMessage(), e);
        }
    }

    /** Closes a connection, aborting it when a clean close fails; never throws. */
    public static void close(Connection connection) {
        try {
            connection.close(5000);
        } catch (IOException | RuntimeException e) {
            connection.abort(1000);
        }
    }
}
