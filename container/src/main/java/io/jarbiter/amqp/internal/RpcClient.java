package io.jarbiter.amqp.internal;

import com.rabbitmq.client.AMQP;
import io.jarbiter.amqp.RpcTimeout;
import io.jarbiter.amqp.UnknownService;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends nameko RPC requests and matches their replies: {@code mandatory} plus publisher confirms turn
 * an unroutable request into {@link UnknownService}; a reply not in within the timeout is an
 * {@link RpcTimeout}. Thread-safe.
 */
public final class RpcClient {
    private final Publisher publisher;
    private final ReplyListener replies;
    private final String exchange;

    public RpcClient(Publisher publisher, ReplyListener replies, String exchange) {
        this.publisher = publisher;
        this.replies = replies;
        this.exchange = exchange;
    }

    /** Publishes the request; the future completes with the result, or with the remote error. */
    public CompletableFuture<Object> call(String service, String method, List<?> args, Map<String, ?> kwargs,
                                          Map<String, Object> contextData, List<String> callIdStack, Duration timeout) {
        String correlationId = UUID.randomUUID().toString();
        CompletableFuture<byte[]> reply = replies.expect(correlationId);
        AMQP.BasicProperties props = Publisher.properties().replyTo(replies.replyTo()).correlationId(correlationId)
                .headers(Codec.headers(contextData, callIdStack)).build();
        try {
            boolean routed = publisher.publish(exchange, service + "." + method, props, Codec.request(args, kwargs), true, timeout);
            if (!routed) {
                replies.forget(correlationId);
                return CompletableFuture.failedFuture(new UnknownService(service));
            }
        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            replies.forget(correlationId);
            return CompletableFuture.failedFuture(new RpcTimeout("cannot send " + service + "." + method
                    + " to the broker: " + e.getMessage()));
        }
        return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((body, error) -> {
                    if (error != null) {
                        replies.forget(correlationId);
                        throw new RpcTimeout("no reply to " + service + "." + method + " within " + timeout.toMillis() / 1000.0 + " s");
                    }
                    return Codec.result(body);
                });
    }
}
