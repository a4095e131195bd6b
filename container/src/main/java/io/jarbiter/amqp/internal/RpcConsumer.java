package io.jarbiter.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.jarbiter.amqp.MethodNotFound;
import io.jarbiter.amqp.RemoteError;
import io.jarbiter.container.ContainerBeingKilled;
import io.jarbiter.container.Extension;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;

/**
 * nameko's {@code RpcConsumer}: one {@code rpc-<service>} queue per container, bound {@code <service>.*},
 * dispatching each delivery to the {@code @Rpc} entrypoint its routing key names. Requests it cannot
 * serve get nameko's error replies; messages no reply can be sent for (no {@code reply_to}, no
 * {@code content_type}) are rejected without requeue and logged once, instead of crashing as nameko does.
 */
public final class RpcConsumer implements Extension {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.amqp");
    private final ServiceContainer container;
    private final ContainerAmqp amqp;
    private final Map<String, RpcEntrypoint> entrypoints = new ConcurrentHashMap<>();
    private volatile String consumerTag;
    private boolean declared;

    private RpcConsumer(ServiceContainer container, ContainerAmqp amqp) {
        this.container = container;
        this.amqp = amqp;
    }

    public static RpcConsumer of(ServiceContainer container) throws ServiceDefinitionException {
        ContainerAmqp amqp = ContainerAmqp.of(container);
        return container.sharedExtension("rpc-consumer:" + container.serviceName(), () -> new RpcConsumer(container, amqp));
    }

    void register(RpcEntrypoint entrypoint) {
        entrypoints.put(container.serviceName() + "." + entrypoint.methodName(), entrypoint);
    }

    void unregister(RpcEntrypoint entrypoint) {
        entrypoints.remove(container.serviceName() + "." + entrypoint.methodName());
        if (entrypoints.isEmpty()) stop();
    }

    String queue() {
        return "rpc-" + container.serviceName();
    }

    /** Declares exactly nameko's topology (a mismatch would fail with PRECONDITION_FAILED). */
    @Override
    public synchronized void setup() throws IOException {
        if (declared) return;
        amqp.connect();
        Channel ch = amqp.consumerChannel();
        String exchange = amqp.settings().rpcExchange();
        ch.exchangeDeclare(exchange, "topic", true, false, null);
        ch.queueDeclare(queue(), true, false, false, null);
        ch.queueBind(queue(), exchange, container.serviceName() + ".*");
        declared = true;
    }

    @Override
    public synchronized void start() throws IOException {
        if (consumerTag != null) return;
        consumerTag = amqp.consumerChannel().basicConsume(queue(), false, new DefaultConsumer(amqp.consumerChannel()) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                onDelivery(new Delivery(envelope, props, body));
            }
        });
    }

    /** Graceful stop: cancel the consumer first, so no new request arrives while in-flight ones finish. */
    @Override
    public synchronized void stop() {
        if (consumerTag == null) return;
        try {
            amqp.consumerChannel().basicCancel(consumerTag);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot cancel the consumer of {}: {}", queue(), e.toString());
        }
        consumerTag = null;
    }

    private void onDelivery(Delivery d) {
        String routingKey = d.envelope().getRoutingKey();
        if (d.props().getReplyTo() == null || d.props().getContentType() == null) {
            LOG.error("Rejecting RPC request {} without {}: no reply can be sent; it is dropped, not requeued",
                    routingKey, d.props().getReplyTo() == null ? "reply_to" : "content_type");
            amqp.reject(d.envelope().getDeliveryTag(), false);
            return;
        }
        RpcEntrypoint ep = entrypoints.get(routingKey);
        if (ep == null) {
            String[] parts = routingKey.split("\\.");
            replyAtOnce(d, new MethodNotFound(parts[parts.length - 1]));
            return;
        }
        Object[] args;
        try {
            args = Codec.bind(ep.method(), d.body());
        } catch (RemoteError e) {
            replyAtOnce(d, e);
            return;
        }
        Codec.Context ctx = Codec.context(d.props().getHeaders());
        try {
            // the reply is published before workerResult and teardown; the ack follows its confirm
            container.spawnWorker(ep, args, ctx.data(), ctx.callIdStack(), (worker, result, error) -> {
                replyAndAck(d, result, error);
                return result;
            });
        } catch (ContainerBeingKilled e) {
            amqp.reject(d.envelope().getDeliveryTag(), true);
        }
    }

    /**
     * The error reply to a request no call is made for, published off the connection's reader thread (this
     * method's caller): a publish may have to open a new channel first, a round trip that thread would wait
     * on itself. Rare, so the common pool serves.
     */
    private void replyAtOnce(Delivery d, RemoteError error) {
        ForkJoinPool.commonPool().execute(() -> replyAndAck(d, null, error));
    }

    /**
     * Publishes nameko's reply for {@code d} and acks {@code d} when the broker confirms the reply (on the
     * connection's thread); a refused or unconfirmed reply leaves it unacked, for redelivery. Returns at
     * once, on a worker's thread or, for an error replied at once, on a common-pool thread.
     */
    private void replyAndAck(Delivery d, Object result, Throwable error) {
        try {
            amqp.ackWhenConfirmed(publishReply(d, Codec.reply(result, error)), d.envelope().getDeliveryTag(), e -> unreplied(d, e));
        } catch (RuntimeException e) { // an error reply that cannot be written
            unreplied(d, e);
        }
    }

    private java.util.concurrent.CompletableFuture<Boolean> publishReply(Delivery d, byte[] body) {
        return amqp.publisher().publishAsync(amqp.settings().rpcExchange(), d.props().getReplyTo(),
                Publisher.reply(d.props().getCorrelationId()), body, false);
    }

    private static void unreplied(Delivery d, Throwable e) {
        LOG.error("Cannot publish the reply to {} ({}); the request stays unacked and will be redelivered",
                d.envelope().getRoutingKey(), e.toString());
    }
}
