package io.jarbiter.tests.app;

import io.jarbiter.amqp.Dispatcher;
import io.jarbiter.amqp.EventDispatcher;
import io.jarbiter.amqp.EventHandler;
import io.jarbiter.amqp.Rpc;
import io.jarbiter.amqp.RpcProxy;
import io.jarbiter.amqp.ServiceProxy;
import io.jarbiter.container.WorkerContext;
import io.jarbiter.container.config.Config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java side of the live interoperability test with Python nameko: RPC methods for every outcome a
 * nameko caller can see, a relay back into Python through an in-service proxy, an event dispatcher, and
 * one handler of each nameko handler type for the peer's {@code ping} event. Each handled event appends
 * one line {@code <handler> <pid> <payload>} to the file named by the {@code events_file} config key.
 */
public class InteropService {
    public static final String NAME = "jarbiter_interop";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InteropService.class);

    /** Raised by {@link #failExpected}; declared expected, as nameko's {@code expected_exceptions}. */
    public static class InteropError extends RuntimeException {
        public InteropError(String message) {
            super(message);
        }
    }

    @Config
    Map<String, Object> config;
    @CallContext
    WorkerContext worker;
    @RpcProxy("nameko_peer")
    ServiceProxy peer;
    @EventDispatcher
    Dispatcher dispatcher;

    @Rpc
    public long add(long a, long b) {
        return a + b;
    }

    @Rpc
    public Object echo(Object value) {
        return value;
    }

    @Rpc
    public void fail(String message) {
        throw new IllegalStateException(message);
    }

    @Rpc(expectedExceptions = InteropError.class)
    public void failExpected(String message) {
        throw new InteropError(message);
    }

    @Rpc
    public double slow(double seconds) throws InterruptedException {
        LOG.info("slow call started");
        Thread.sleep((long) (seconds * 1000));
        return seconds;
    }

    /** The call's id stack and context data, as the peer's get_context returns them. */
    @Rpc
    public Map<String, Object> context() {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("call_id", worker.callId());
        ctx.put("call_id_stack", worker.callIdStack());
        ctx.put("context_data", worker.contextData());
        return ctx;
    }

    /** Calls the Python peer's {@code method} through the in-service proxy and returns its result. */
    @Rpc
    public Object relay(String method, List<Object> args) {
        return peer.call(method, args, Map.of());
    }

    @Rpc
    public boolean dispatch(String eventType, Object payload) {
        dispatcher.dispatch(eventType, payload);
        return true;
    }

    @EventHandler(source = "nameko_peer", eventType = "ping")
    public void onPingPool(Object payload) throws IOException {
        record("service_pool", payload);
    }

    @EventHandler(source = "nameko_peer", eventType = "ping", handlerType = EventHandler.HandlerType.SINGLETON)
    public void onPingSingleton(Object payload) throws IOException {
        record("singleton", payload);
    }

    @EventHandler(source = "nameko_peer", eventType = "ping", handlerType = EventHandler.HandlerType.BROADCAST, reliableDelivery = false)
    public void onPingBroadcast(Object payload) throws IOException {
        record("broadcast", payload);
    }

    private void record(String handler, Object payload) throws IOException {
        String line = handler + " " + ProcessHandle.current().pid() + " " + payload + "\n";
        Files.writeString(Path.of(String.valueOf(config.get("events_file"))), line, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
