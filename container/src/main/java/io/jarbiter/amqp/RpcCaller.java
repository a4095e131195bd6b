package io.jarbiter.amqp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What sends a {@link ServiceProxy}'s calls and completes them with their replies: one connection's publishing
 * channel and reply queue, with any number of calls in flight. The container gives one per {@code @RpcProxy}
 * container and {@link ClusterRpcProxy} one per proxy. Thread-safe; nothing here blocks.
 */
public interface RpcCaller {
    /**
     * Sends {@code service.method(args, kwargs)} as the caller {@code headers} describe; the future completes with
     * the result, or fails with {@link RemoteError} (or a typed subclass), {@link UnknownService} or {@link RpcTimeout}.
     */
    CompletableFuture<Object> call(String service, String method, List<?> args, Map<String, ?> kwargs,
                                   Map<String, Object> headers, Duration timeout);

    /** The request headers that carry a caller's context data and call-id stack (nameko's {@code nameko.*} headers). */
    Map<String, Object> headers(Map<String, Object> contextData, List<String> callIdStack);
}
