package io.jarbiter.conf;

import java.util.List;

/**
 * The service configuration keys nameko reads (2.14, and {@code PREFETCH_COUNT} of nameko 3), spelt as
 * nameko spells them. Each either works in jarbiter as in nameko or is refused at boot (the README's
 * table of nameko keys); the list also lets a near-miss of any of them in app.yaml ({@code AMQP_URL},
 * {@code max_worker}) be caught instead of silently running on a default.
 */
public final class NamekoKeys {
    public static final String AMQP_URI = "AMQP_URI";
    public static final String RPC_EXCHANGE = "rpc_exchange";
    public static final String HEARTBEAT = "HEARTBEAT";
    public static final String MAX_WORKERS = "max_workers";
    public static final String PARENT_CALLS_TRACKED = "parent_calls_tracked";
    /** nameko's HTTP address; jarbiter refuses it in favour of the {@code bind} setting. */
    public static final String WEB_SERVER_ADDRESS = "WEB_SERVER_ADDRESS";
    /** nameko's container class (a Python class); refused: jarbiter has its own container. */
    public static final String SERVICE_CONTAINER_CLS = "SERVICE_CONTAINER_CLS";

    private static final List<String> ALL = List.of(AMQP_URI, RPC_EXCHANGE, HEARTBEAT, MAX_WORKERS, PARENT_CALLS_TRACKED,
            "serializer", "SERIALIZERS", "ACCEPT", "AMQP_SSL", "LOGIN_METHOD", "TRANSPORT_OPTIONS", "LOGGING",
            "DECLARE_EVENT_EXCHANGES", "AUTO_DELETE_EVENT_EXCHANGES", "PREFETCH_COUNT");

    private NamekoKeys() {}

    /** Every key above except {@link #WEB_SERVER_ADDRESS} and {@link #SERVICE_CONTAINER_CLS}, which app.yaml refuses. */
    public static List<String> all() {
        return ALL;
    }
}
