package io.jarbiter.amqp.internal;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.SaslConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * nameko's AMQP configuration keys, read from the service configuration with nameko's defaults, and
 * checked: a key jarbiter cannot honour as written is an {@link AmqpConfigException} naming it, never
 * silently ignored. Every connection jarbiter makes (service containers, ClusterRpcProxy,
 * StandaloneDispatcher, {@code jarbiter rpc}) is built here.
 *
 * @param prefetch        consumer prefetch of the service's queues: {@code max_workers}, as nameko's QueueConsumer
 * @param replyPrefetch   prefetch of RPC reply queues: {@code PREFETCH_COUNT} (nameko 3's key); 0 when unset, and
 *                        then replies are consumed without acks (see {@link ReplyListener})
 */
public record AmqpSettings(String uri, String rpcExchange, int heartbeatSeconds, int prefetch, int replyPrefetch,
                           AmqpTls tls, SaslConfig login, TransportOptions transport,
                           boolean declareEventExchanges, boolean autoDeleteEventExchanges) {
    public static final String DEFAULT_URI = "amqp://guest:guest@localhost:5672/";
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.amqp");

    /** @throws AmqpConfigException naming the key, the value and the remedy */
    public static AmqpSettings of(Map<String, Object> config) {
        Object uriValue = config.get("AMQP_URI");
        String uri = uriValue == null ? DEFAULT_URI : String.valueOf(uriValue);
        Serialization.check(config);
        TransportOptions transport = TransportOptions.of(config.get("TRANSPORT_OPTIONS"));
        int heartbeat = transport.heartbeat() != null ? transport.heartbeat() : count(config, "HEARTBEAT", 60, 0);
        Object exchange = config.get("rpc_exchange");
        return new AmqpSettings(uri, exchange == null ? "nameko-rpc" : String.valueOf(exchange), heartbeat,
                count(config, "max_workers", 10, 1), count(config, "PREFETCH_COUNT", 0, 1),
                AmqpTls.of(config.get("AMQP_SSL"), uri.startsWith("amqps://")), AmqpLogin.of(config.get("LOGIN_METHOD")),
                transport, flag(config, "DECLARE_EVENT_EXCHANGES", true), flag(config, "AUTO_DELETE_EVENT_EXCHANGES", false));
    }

    private static int count(Map<String, Object> config, String key, int dflt, int min) {
        Object v = config.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= min) return n.intValue();
        throw new AmqpConfigException(key + " must be a whole number >= " + min + ", got '" + v + "'");
    }

    private static boolean flag(Map<String, Object> config, String key, boolean dflt) {
        Object v = config.get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw new AmqpConfigException(key + " must be true or false, got '" + v + "'");
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
     * With TLS and no port in the URI, the port is 5671, as kombu's.
     */
    public ConnectionFactory factory() {
        ConnectionFactory f = new ConnectionFactory();
        try {
            f.setUri(javaUri(uri));
        } catch (Exception e) {
            throw new AmqpConfigException("AMQP_URI '" + redacted() + "' is not a valid AMQP URI (e.g. amqp://guest:guest@localhost:5672/): " + e.getMessage());
        }
        if (tls != null) tls.apply(f);
        f.setSaslConfig(login);
        f.setAutomaticRecoveryEnabled(true);
        f.setTopologyRecoveryEnabled(true);
        f.setRecoveryDelayHandler(attempts -> transport.delay(attempts).toMillis());
        f.setRequestedHeartbeat(heartbeatSeconds);
        f.setConnectionTimeout((int) transport.connectTimeout().toMillis());
        f.setHandshakeTimeout((int) Math.max(transport.connectTimeout().toMillis(), 1000));
        f.setRequestedChannelMax(transport.channelMax());
        f.setRequestedFrameMax(transport.frameMax());
        return f;
    }

    /**
     * Opens a connection named {@code name}, trying {@code 1 + max_retries} times (TRANSPORT_OPTIONS);
     * the error names the URI (password hidden) and says why, in the user's terms for TLS and login.
     * Its consumers are dispatched on amqp-client's own consumer threads.
     */
    public Connection connect(String name) throws IOException {
        return connect(name, false);
    }

    /**
     * {@link #connect(String)}; with {@code dispatchInline}, consumers are called on the connection's reader
     * thread ({@link InlineDispatch}): only for consumers that never wait for the broker.
     */
    Connection connect(String name, boolean dispatchInline) throws IOException {
        ConnectionFactory f = factory();
        if (dispatchInline) f.setSharedExecutor(new InlineDispatch());
        for (int attempt = 1; ; attempt++) {
            try {
                return f.newConnection(name);
            } catch (java.util.concurrent.TimeoutException | IOException e) {
                if (attempt > transport.maxRetries()) throw failure(e, attempt);
                java.time.Duration wait = transport.delay(attempt);
                LOG.warn("Error connecting to broker at {} ({}). Retrying in {} seconds.", redacted(), e, wait.toMillis() / 1000.0);
                sleep(wait);
            }
        }
    }

    private IOException failure(Exception e, int attempts) {
        String why = tls == null ? null : tls.explain(e);
        if (why == null) why = AmqpLogin.explain(login, e);
        if (why == null) why = String.valueOf(e.getMessage() == null ? e : e.getMessage());
        String where = tls == null ? " (AMQP_URI)" : " (AMQP_URI, AMQP_SSL)";
        return new IOException("cannot connect to RabbitMQ at " + redacted() + where
                + (attempts > 1 ? " after " + attempts + " attempts" : "") + ": " + why, e);
    }

    /** kombu's retry wait; bounded by interval_max, and the attempts by max_retries. */
    private static void sleep(java.time.Duration wait) throws IOException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to reconnect to the broker", ie);
        }
    }

    /** The URI with its password hidden, for messages. */
    public String redacted() {
        return uri.replaceAll("//([^:/@]+):[^@]*@", "//$1:***@");
    }

    /** Closes a connection, aborting it when a clean close fails; never throws. */
    public static void close(Connection connection) {
        try {
            connection.close(5000);
        } catch (IOException | RuntimeException e) {
            connection.abort(1000);
        }
    }

    /** nameko's {@code serializer}, {@code ACCEPT} and {@code SERIALIZERS}: only JSON is implemented. */
    static final class Serialization {
        private Serialization() {}

        static void check(Map<String, Object> config) {
            Object serializer = config.get("serializer");
            if (serializer != null && !"json".equals(serializer)) {
                throw new AmqpConfigException("serializer '" + serializer + "' is not supported: jarbiter speaks json only"
                        + " (nameko's default); remove the key or set it to json");
            }
            Object accept = config.get("ACCEPT");
            if (accept != null && !List.of("json").equals(accept instanceof List<?> l ? l.stream().distinct().toList() : accept)) {
                throw new AmqpConfigException("ACCEPT " + accept + " is not supported: jarbiter decodes json only;"
                        + " remove the key or set it to [json]");
            }
            Object custom = config.get("SERIALIZERS");
            if (custom != null && !(custom instanceof Map<?, ?> m && m.isEmpty())) {
                throw new AmqpConfigException("SERIALIZERS " + custom + ": custom serializers (Python encoder/decoder paths)"
                        + " cannot run in jarbiter, which speaks json only; remove the key");
            }
        }
    }
}
