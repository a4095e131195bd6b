package io.jarbiter.amqp;

import com.rabbitmq.client.Connection;
import io.jarbiter.amqp.internal.AmqpSettings;
import io.jarbiter.amqp.internal.RpcClient;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * nameko's standalone {@code ClusterRpcProxy}, for code outside a service:
 * <pre>{@code
 * try (ClusterRpcProxy rpc = ClusterRpcProxy.connect(Map.of("AMQP_URI", "amqp://guest:guest@localhost/"))) {
 *     Object greeting = rpc.service("greeting_service").call("hello", "Ann");
 * }
 * }</pre>
 * One connection and reply queue ({@code rpc.reply-standalone_rpc_proxy-<uuid>}) per proxy; every call
 * carries the same call-id stack {@code standalone_rpc_proxy.call.<uuid>}, as nameko's does.
 * Thread-safe; close it to release the connection.
 */
public final class ClusterRpcProxy implements AutoCloseable {
    private final Connection connection;
    private final RpcClient client;
    private final List<String> callIdStack = List.of("standalone_rpc_proxy.call." + UUID.randomUUID());
    private final Map<String, Object> contextData;
    private final Duration timeout;

    private ClusterRpcProxy(Connection connection, RpcClient client, Map<String, Object> contextData, Duration timeout) {
        this.connection = connection;
        this.client = client;
        this.contextData = Map.copyOf(contextData);
        this.timeout = timeout;
    }

    /**
     * Connects with nameko's configuration keys ({@code AMQP_URI}, {@code rpc_exchange}, {@code AMQP_SSL},
     * {@code LOGIN_METHOD}, {@code HEARTBEAT}, {@code TRANSPORT_OPTIONS}, {@code PREFETCH_COUNT}, ...).
     *
     * @throws IllegalArgumentException a key jarbiter cannot honour as written (the message names it)
     */
    public static ClusterRpcProxy connect(Map<String, Object> config) throws IOException {
        return connect(config, Map.of(), ServiceProxy.DEFAULT_TIMEOUT);
    }

    /** With context data sent on every call (e.g. {@code user_id}, {@code language}) and a per-call timeout. */
    public static ClusterRpcProxy connect(Map<String, Object> config, Map<String, Object> contextData, Duration timeout) throws IOException {
        AmqpSettings settings = AmqpSettings.of(config);
        Connection connection = settings.connect("standalone_rpc_proxy");
        return new ClusterRpcProxy(connection, RpcClient.on(connection, settings, "standalone_rpc_proxy"), contextData, timeout);
    }

    public ServiceProxy service(String name) {
        return new ServiceProxy(client, name, contextData, callIdStack, timeout);
    }

    @Override
    public void close() {
        AmqpSettings.close(connection);
    }
}
