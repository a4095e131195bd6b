package io.jarbiter.amqp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;

/**
 * The {@code n} of {@code jarbiter shell}, as in {@code nameko shell}: {@code n.rpc("greeting_service").call("hello", "Ann")},
 * {@code n.dispatchEvent("billing", "paid", Map.of("id", 7))}, {@code n.config()}. It connects on first use
 * (one RPC proxy and one event dispatcher for the session) and is closed when the shell exits.
 * Thread-safe.
 */
public final class Shell implements AutoCloseable {
    private static volatile Shell current;

    private final Map<String, Object> config;
    private ClusterRpcProxy rpc;
    private StandaloneDispatcher dispatcher;

    public Shell(Map<String, Object> config) {
        this.config = Collections.unmodifiableMap(config);
    }

    /** The session's shell, which {@code jarbiter shell} binds to {@code n} (null outside a shell). */
    public static Shell current() {
        return current;
    }

    static void setCurrent(Shell shell) {
        current = shell;
    }

    /** The service configuration loaded from {@code --config} (nameko's {@code n.config}). */
    public Map<String, Object> config() {
        return config;
    }

    /** A proxy to {@code service} (nameko's {@code n.rpc.<service>}); calls wait up to 30 s for their reply. */
    public synchronized ServiceProxy rpc(String service) {
        if (rpc == null) {
            try {
                rpc = ClusterRpcProxy.connect(config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rpc.service(service);
    }

    /**
     * Dispatches {@code eventType} as if from service {@code source} (nameko's {@code n.dispatch_event});
     * declares the source's exchange if it does not exist yet. Returns once the broker confirmed it.
     */
    public synchronized void dispatchEvent(String source, String eventType, Object payload) {
        try {
            if (dispatcher == null) dispatcher = StandaloneDispatcher.connect(config, true);
            dispatcher.dispatch(source, eventType, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (rpc != null) rpc.close();
        if (dispatcher != null) dispatcher.close();
        rpc = null;
        dispatcher = null;
    }

    @Override
    public String toString() {
        return "jarbiter shell: n.rpc(\"service\").call(\"method\", args...), n.dispatchEvent(source, type, payload), n.config()";
    }
}
