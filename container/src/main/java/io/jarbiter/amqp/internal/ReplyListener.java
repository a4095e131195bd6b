package io.jarbiter.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * nameko's {@code ReplyListener}: the caller's reply queue {@code rpc.reply-<caller>-<uuid>}
 * ({@code x-expires} 5 min), bound to the RPC exchange with the uuid as routing key, and the calls
 * waiting for a reply by correlation id, any number of them at once. Replies nobody waits for are acked,
 * logged (debug, as nameko) and dropped. nameko acks a reply on arrival, before anything else; here the
 * broker counts it acked as it sends it (no-ack consumer), which is the same for the caller and spares
 * the broker writing each persistent reply to disk while an ack is pending. With {@code PREFETCH_COUNT}
 * set (nameko 3's reply listeners read it), replies are acked on arrival instead, at most that many
 * unacked. A reply completes its future on the reply channel's consumer thread.
 */
public final class ReplyListener {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.amqp");
    private final Channel channel;
    private final String routingKey = UUID.randomUUID().toString();
    private final Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();

    /** @param prefetch {@code PREFETCH_COUNT}, or 0: no acks */
    public ReplyListener(Channel channel, String exchange, String caller, int prefetch) throws IOException {
        this.channel = channel;
        boolean acks = prefetch > 0;
        if (acks) channel.basicQos(prefetch);
        String queue = "rpc.reply-" + caller + "-" + routingKey;
        channel.exchangeDeclare(exchange, "topic", true, false, null);
        channel.queueDeclare(queue, true, false, false, Map.of("x-expires", 300_000));
        channel.queueBind(queue, exchange, routingKey);
        channel.basicConsume(queue, !acks, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) throws IOException {
                if (acks) getChannel().basicAck(envelope.getDeliveryTag(), false);
                String correlationId = props.getCorrelationId();
                CompletableFuture<byte[]> waiting = correlationId == null ? null : pending.remove(correlationId);
                if (waiting != null) waiting.complete(body);
                else LOG.debug("Dropping a reply nobody waits for (timed out?), correlation id {}", correlationId);
            }
        });
    }

    /** What requests put in {@code reply_to}: the routing key, not the queue name (as nameko does). */
    public String replyTo() {
        return routingKey;
    }

    public CompletableFuture<byte[]> expect(String correlationId) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        pending.put(correlationId, f);
        return f;
    }

    public void forget(String correlationId) {
        pending.remove(correlationId);
    }

    public Channel channel() {
        return channel;
    }
}
