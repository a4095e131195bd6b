package io.jarbiter.conf;

import java.util.List;

/**
 * The service configuration keys nameko 2.14 reads, spelt as nameko spells them. jarbiter's own
 * containers read {@link #AMQP_URI}, {@link #RPC_EXCHANGE}, {@link #HEARTBEAT}, {@link #MAX_WORKERS} and
 * {@link #PARENT_CALLS_TRACKED}; the others are known so that a near-miss of any of them in app.yaml
 * ({@code AMQP_URL}, {@code max_worker}) is caught instead of silently running on a default.
 */
public final class NamekoKeys {
    public static final String AMQP_URI = "AMQP_URI";
    public static final String RPC_EXCHANGE = "rpc_exchange";
    public static final String HEARTBEAT = "HEARTBEAT";
    public static final String MAX_WORKERS = "max_workers";
    public static final String PARENT_CALLS_TRACKED = "parent_calls_tracked";
    /** nameko's HTTP address; jarbiter refuses it in favour of the {@code bind} setting. */
    public static final String WEB_SERVER_ADDRESS = "WEB_SERVER_ADDRESS";

    private static final List<String> ALL = List.of(AMQP_URI, RPC_EXCHANGE, HEARTBEAT, MAX_WORKERS, PARENT_CALLS_TRACKED,
            "serializer", "SERIALIZERS", "ACCEPT", "AMQP_SSL", "LOGIN_METHOD", "TRANSPORT_OPTIONS", "LOGGING",
            "DECLARE_EVENT_EXCHANGES", "AUTO_DELETE_EVENT_EXCHANGES", "SERVICE_CONTAINER_CLS");

    private NamekoKeys() {}

    /** Every key above except {@link #WEB_SERVER_ADDRESS}, which is not service configuration here. */
    public static List<String> all() {
        return ALL;
    }
}
