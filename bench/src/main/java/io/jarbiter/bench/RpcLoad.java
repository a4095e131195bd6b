package io.jarbiter.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The RPC load client: amqp-client alone, nameko's request format, N calls in flight, its own reply
 * queue consumed with auto-ack, no publisher confirms. Each reply sends the next request from the reply
 * consumer's thread, so the client does the least work per call of anything on the wire.
 */
final class RpcLoad implements AutoCloseable {
    /** One run's outcome: calls completed per second, latency percentiles, and failed or lost calls. */
    record Result(double callsPerSecond, double p50Ms, double p99Ms, long calls, long errors) {}

    private static final byte[] REQUEST = "{\"args\": [\"bench\"], \"kwargs\": {}}".getBytes(StandardCharsets.UTF_8);
    private final Connection connection;
    private final Channel requests;
    private final String replyTo = UUID.randomUUID().toString();
    private final Map<String, Object> headers = Map.of("nameko.call_id_stack", List.of("standalone_rpc_proxy.call." + UUID.randomUUID()));
    private volatile Run current;

    RpcLoad(String amqpUri) throws IOException {
        connection = Broker.connect(amqpUri, "bench-rpc-load");
        requests = connection.createChannel();
        Channel replies = connection.createChannel();
        replies.exchangeDeclare(BareRpcServer.EXCHANGE, "topic", true);
        String queue = replies.queueDeclare("rpc.reply-bench_load-" + replyTo, false, true, true, null).getQueue();
        replies.queueBind(queue, BareRpcServer.EXCHANGE, replyTo);
        replies.basicConsume(queue, true, (tag, d) -> {
            Run r = current;
            if (r != null) r.reply(d);
        }, tag -> {});
    }

    /** Keeps {@code inFlight} calls to {@code service}.echo in flight for {@code duration}. */
    Result run(String service, int inFlight, Duration duration) throws IOException, InterruptedException {
        Run r = new Run(service, inFlight, duration);
        current = r;
        r.start();
        boolean drained = r.done.await(duration.toSeconds() + 30, TimeUnit.SECONDS);
        current = null;
        return r.result(drained);
    }

    /** One run: the calls it sent and awaits, by correlation id. */
    private final class Run {
        final String service;
        final int inFlight;
        final long started = System.nanoTime();
        final long deadline;
        final Map<String, Long> sent = new ConcurrentHashMap<>();
        final Latencies latencies = new Latencies();
        final CountDownLatch done = new CountDownLatch(1);
        final String prefix = UUID.randomUUID() + "-";
        long next;
        long errors;
        long completedBeforeDeadline;

        Run(String service, int inFlight, Duration duration) {
            this.service = service;
            this.inFlight = inFlight;
            this.deadline = started + duration.toNanos();
        }

        void start() throws IOException {
            synchronized (this) {
                for (int i = 0; i < inFlight; i++) send();
            }
        }

        /** Under the run's lock: the first requests and each reply's next one may meet. */
        private void send() throws IOException {
            String id = prefix + next++;
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                    .deliveryMode(2).priority(0).correlationId(id).replyTo(replyTo).headers(headers).build();
            sent.put(id, System.nanoTime());
            requests.basicPublish(BareRpcServer.EXCHANGE, service + ".echo", false, props, REQUEST);
        }

        /** On the reply consumer's thread. */
        void reply(Delivery d) throws IOException {
            long now = System.nanoTime();
            Long at = sent.remove(d.getProperties().getCorrelationId());
            if (at == null) return; // a reply to an earlier run
            synchronized (this) {
                String body = new String(d.getBody(), StandardCharsets.UTF_8);
                if (!body.contains("\"error\": null") && !body.contains("\"error\":null")) errors++;
                if (now < deadline) {
                    latencies.add(now - at);
                    completedBeforeDeadline++;
                    send();
                } else if (sent.isEmpty()) {
                    done.countDown();
                }
            }
        }

        synchronized Result result(boolean drained) {
            double seconds = (deadline - started) / 1e9;
            long lost = drained ? 0 : sent.size();
            return new Result(completedBeforeDeadline / seconds, latencies.quantileMs(0.5), latencies.quantileMs(0.99),
                    completedBeforeDeadline, errors + lost);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
    }
}
