package io.jarbiter.amqp.internal;

import io.jarbiter.amqp.RpcCaller;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import io.jarbiter.amqp.RpcTimeout;
import io.jarbiter.amqp.UnknownService;
import io.jarbiter.container.Uuid4;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends nameko RPC requests and matches their replies, many calls in flight on one publishing channel
 * and one reply queue: a call is a correlation id whose future the {@link ReplyListener} completes.
 * {@code mandatory} plus publisher confirms turn an unroutable request into {@link UnknownService}; a
 * refused publish, or no reply within the timeout (counted from the call), is an {@link RpcTimeout}.
 * Thread-safe; nothing here blocks.
 */
public final class RpcClient implements RpcCaller {
    private final Publisher publisher;
    private final ReplyListener replies;
    private final String exchange;

    public RpcClient(Publisher publisher, ReplyListener replies, String exchange) {
        this.publisher = publisher;
        this.replies = replies;
        this.exchange = exchange;
    }

    /**
     * A client that owns {@code connection}: publishes on a channel of it and declares {@code caller}'s reply
     * queue on another. The connection is aborted when either cannot be set up; closing it releases the client.
     */
    public static RpcClient on(Connection connection, AmqpSettings settings, String caller) throws IOException {
        try {
            ReplyListener replies = new ReplyListener(connection.createChannel(), settings.rpcExchange(), caller, settings.replyPrefetch());
            return new RpcClient(new Publisher(connection), replies, settings.rpcExchange());
        } catch (IOException | RuntimeException e) {
            connection.abort();
            throw e;
        }
    }

    /** Publishes the request; the future completes with the result, or with the remote error. */
    public CompletableFuture<Object> call(String service, String method, List<?> args, Map<String, ?> kwargs,
                                          Map<String, Object> contextData, List<String> callIdStack, Duration timeout) {
        return call(service, method, args, kwargs, Codec.headers(contextData, callIdStack), timeout);
    }

    @Override
    public Map<String, Object> headers(Map<String, Object> contextData, List<String> callIdStack) {
        return Codec.headers(contextData, callIdStack);
    }

    /** The same with the request's headers built already (a proxy sends the same ones on every call). */
    @Override
    public CompletableFuture<Object> call(String service, String method, List<?> args, Map<String, ?> kwargs,
                                          Map<String, Object> headers, Duration timeout) {
        String correlationId = Uuid4.next().toString();
        byte[] body;
        try {
            body = Codec.request(args, kwargs);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        // expected before the publish: the reply may arrive before the confirm
        CompletableFuture<byte[]> reply = replies.expect(correlationId);
        AMQP.BasicProperties props = Publisher.properties().replyTo(replies.replyTo()).correlationId(correlationId)
                .headers(headers).build();
        CompletableFuture<Object> result = new CompletableFuture<>();
        publisher.publishAsync(exchange, service + "." + method, props, body, true).whenComplete((routed, error) -> {
            if (error == null && routed) return;
            replies.forget(correlationId);
            result.completeExceptionally(error != null
                    ? new RpcTimeout("cannot send " + service + "." + method + " to the broker: " + error.getMessage())
                    : new UnknownService(service));
            reply.cancel(false); // and with it its timeout
        });
        reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
            if (e == null) {
                try {
                    result.complete(Codec.result(r));
                } catch (RuntimeException remote) {
                    result.completeExceptionally(remote);
                }
            } else if (e instanceof java.util.concurrent.TimeoutException) {
                replies.forget(correlationId);
                result.completeExceptionally(new RpcTimeout("no reply to " + service + "." + method + " within "
                        + timeout.toMillis() / 1000.0 + " s"));
            }
        });
        return result;
    }
}
