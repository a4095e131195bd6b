package io.jarbiter.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.jarbiter.container.ContainerBeingKilled;
import io.jarbiter.container.Entrypoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * One queue consumed for one entrypoint, as nameko's {@code QueueConsumer}: manual acks, each delivery handed to
 * the entrypoint on the connection's reader thread (which must not block: decode and spawn only), and each call
 * settled once it is done: acked, or requeued when the method threw and the entrypoint asks for that (nameko's
 * {@code handle_message_processed}).
 *
 * <p>Threads: {@link #start} and {@link #stop} run on the container's lifecycle thread; a delivery's call is
 * settled on the worker thread that ran it. amqp-client serialises acks on the channel itself.
 */
public final class QueueConsumer {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.amqp");
    private final ContainerAmqp amqp;
    private final Entrypoint entrypoint;
    private final boolean requeueOnError;
    private volatile String queue;
    private volatile String consumerTag;

    public QueueConsumer(ContainerAmqp amqp, Entrypoint entrypoint, boolean requeueOnError) {
        this.amqp = amqp;
        this.entrypoint = entrypoint;
        this.requeueOnError = requeueOnError;
    }

    /** Consumes {@code queue}, handing every delivery to {@code onDelivery}. */
    public void start(String queue, Consumer<Delivery> onDelivery) throws IOException {
        this.queue = queue;
        consumerTag = amqp.consumerChannel().basicConsume(queue, false, new DefaultConsumer(amqp.consumerChannel()) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                onDelivery.accept(new Delivery(envelope, props, body));
            }
        });
    }

    /** Graceful stop, first step: no new deliveries; those in flight still finish and are settled. */
    public void stop() {
        String tag = consumerTag;
        consumerTag = null;
        if (tag == null) return;
        try {
            amqp.consumerChannel().basicCancel(tag);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot cancel the consumer of {}: {}", queue, e.toString());
        }
    }

    /** Runs the entrypoint's method for {@code d} with {@code args}; a container being killed puts {@code d} back. */
    public void spawn(Delivery d, Object[] args) {
        Codec.Context ctx = Codec.context(d.props().getHeaders());
        try {
            entrypoint.container().spawnWorker(entrypoint, args, ctx.data(), ctx.callIdStack(), (worker, result, error) -> settle(d, result, error));
        } catch (ContainerBeingKilled e) {
            amqp.reject(d.envelope().getDeliveryTag(), true);
        }
    }

    /** Acks a delivery that will never make a call (its body cannot be decoded), as kombu does. */
    public void drop(Delivery d) {
        amqp.ack(d.envelope().getDeliveryTag());
    }

    /** The call's result handler: acks {@code d}, or requeues it when the method threw and that was asked for. */
    private Object settle(Delivery d, Object result, Throwable error) {
        if (error != null && requeueOnError) amqp.reject(d.envelope().getDeliveryTag(), true);
        else amqp.ack(d.envelope().getDeliveryTag());
        return result;
    }
}
