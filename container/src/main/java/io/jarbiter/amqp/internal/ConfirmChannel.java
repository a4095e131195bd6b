package io.jarbiter.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One confirm-mode channel and its publishes the broker has not confirmed yet, keyed by publish
 * sequence number. A publish returns at once with a future; the broker's {@code basic.ack} completes
 * it (true: routed; false: a mandatory message came back as unroutable), a {@code basic.nack} or the
 * channel's closing fails it.
 *
 * <p>Ordering. The broker numbers the messages of a channel 1, 2, 3... in the order it receives them,
 * and confirms by those numbers. So taking the next sequence number and writing the {@code basic.publish}
 * must happen as one step: {@link #publish} holds {@link #publishLock} across the pair, and nothing else
 * (never the wait for the confirm). The future is registered before the write, so a confirm that beats
 * the writing thread back still finds it. The broker sends the {@code basic.return} of an unroutable
 * mandatory message before its {@code basic.ack}, and amqp-client calls both listeners on the
 * connection's reader thread in that order, so the returned mark is there when the ack is handled.
 *
 * <p>Threads. The listeners run on amqp-client's connection thread: futures complete there, so what is
 * chained on them must not block. With automatic recovery the channel object outlives a connection
 * loss, but its sequence numbers start again at 1: the shutdown listener fails everything unconfirmed
 * first (the messages may or may not have reached the broker).
 */
final class ConfirmChannel {
    private final Channel channel;
    private final Object publishLock = new Object();
    private final ConcurrentNavigableMap<Long, Pending> unconfirmed = new ConcurrentSkipListMap<>();
    private final Set<String> returned = ConcurrentHashMap.newKeySet();

    /**
     * A publish waiting for its confirm; {@code returnKey} is the correlation id of a mandatory message.
     * A class, not a record: entries are removed by identity.
     */
    private static final class Pending {
        private final CompletableFuture<Boolean> future = new CompletableFuture<>();
        private final String exchange;
        private final String returnKey;

        Pending(String exchange, String returnKey) {
            this.exchange = exchange;
            this.returnKey = returnKey;
        }

        CompletableFuture<Boolean> future() {
            return future;
        }

        String exchange() {
            return exchange;
        }

        String returnKey() {
            return returnKey;
        }
    }

    ConfirmChannel(Connection connection) throws IOException {
        channel = connection.createChannel();
        channel.confirmSelect();
        channel.addReturnListener(r -> {
            if (r.getProperties().getCorrelationId() != null) returned.add(r.getProperties().getCorrelationId());
        });
        channel.addConfirmListener(this::acked, this::nacked);
        channel.addShutdownListener(this::closed);
    }

    Channel channel() {
        return channel;
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /** Writes the message and returns at once; the future completes with the confirm. */
    CompletableFuture<Boolean> publish(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body, boolean mandatory) {
        Pending p = new Pending(exchange, mandatory ? props.getCorrelationId() : null);
        Exception failure = null;
        synchronized (publishLock) {
            long seq = channel.getNextPublishSeqNo();
            unconfirmed.put(seq, p);
            try {
                channel.basicPublish(exchange, routingKey, mandatory, props, body);
            } catch (IOException | RuntimeException e) {
                unconfirmed.remove(seq);
                failure = e;
            }
        }
        // completed outside the lock: what is chained on the future must not run while it is held
        if (failure != null) p.future().completeExceptionally(refused(exchange, failure));
        return p.future();
    }

    private void acked(long seq, boolean multiple) {
        for (Pending p : take(seq, multiple)) {
            p.future().complete(p.returnKey() == null || !returned.remove(p.returnKey()));
        }
    }

    private void nacked(long seq, boolean multiple) {
        for (Pending p : take(seq, multiple)) {
            if (p.returnKey() != null) returned.remove(p.returnKey());
            p.future().completeExceptionally(new IOException("the broker could not take the message for exchange '"
                    + p.exchange() + "' (basic.nack)"));
        }
    }

    /** {@code seq} alone, or with {@code multiple} every publish up to and including it. */
    private List<Pending> take(long seq, boolean multiple) {
        List<Pending> done = new ArrayList<>();
        if (!multiple) {
            Pending p = unconfirmed.remove(seq);
            if (p != null) done.add(p);
            return done;
        }
        for (Map.Entry<Long, Pending> e; (e = unconfirmed.firstEntry()) != null && e.getKey() <= seq; ) {
            if (unconfirmed.remove(e.getKey(), e.getValue())) done.add(e.getValue());
        }
        return done;
    }

    private void closed(ShutdownSignalException cause) {
        for (Map.Entry<Long, Pending> e; (e = unconfirmed.pollFirstEntry()) != null; ) {
            e.getValue().future().completeExceptionally(refused(e.getValue().exchange(), cause));
        }
        returned.clear();
    }

    private static IOException refused(String exchange, Exception cause) {
        if (cause instanceof IOException io && !(cause.getCause() instanceof ShutdownSignalException)) return io;
        // a channel error (e.g. NOT_FOUND: the exchange does not exist) closes the channel; the next publish opens another
        return new IOException("the broker refused the message for exchange '" + exchange + "': " + cause.getMessage(), cause);
    }
}
