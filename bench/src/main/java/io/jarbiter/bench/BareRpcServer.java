package io.jarbiter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;

/**
 * The RPC baseline: nameko's work on a request with amqp-client alone, no container. Two consumers (one
 * connection each, as two workers would have) on {@code rpc-<service>}, prefetch 10, manual acks; each
 * request's body is decoded, its first argument echoed in nameko's reply format, published persistent
 * and confirmed, and the request acked once its reply's confirm arrives. Confirms are tracked
 * asynchronously, so many replies are in flight at once. {@code BareRpcServer AMQP_URI SERVICE}.
 */
public final class BareRpcServer {
    static final String EXCHANGE = "nameko-rpc";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BareRpcServer() {}

    public static void main(String[] args) throws Exception {
        String uri = args[0], service = args[1];
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        if (factory.getVirtualHost().isEmpty()) factory.setVirtualHost("/");
        String queue = "rpc-" + service;
        for (int i = 0; i < 2; i++) new Worker(factory.newConnection(service + "-" + i), queue, service, 10);
        System.out.println("ready");
        new CountDownLatch(1).await(); // serves until killed
    }

    /** One consumer and its confirm-mode reply channel. */
    private static final class Worker {
        private final Channel consume;
        private final Channel publish;
        /** Reply publish sequence number → the request's delivery tag, acked when that reply is confirmed. */
        private final ConcurrentNavigableMap<Long, Long> unconfirmed = new ConcurrentSkipListMap<>();

        Worker(Connection connection, String queue, String service, int prefetch) throws IOException {
            consume = connection.createChannel();
            publish = connection.createChannel();
            // nameko's flags exactly, or the broker refuses the redeclaration
            consume.exchangeDeclare(EXCHANGE, "topic", true);
            consume.queueDeclare(queue, true, false, false, null);
            consume.queueBind(queue, EXCHANGE, service + ".*");
            publish.confirmSelect();
            // confirm callbacks run on the connection's reader thread; acks are plain frames, no round trip
            publish.addConfirmListener((seq, multiple) -> settle(seq, multiple, true), (seq, multiple) -> settle(seq, multiple, false));
            consume.basicQos(prefetch);
            consume.basicConsume(queue, false, (tag, d) -> handle(d), tag -> {});
        }

        /** On the channel's consumer thread, one delivery at a time. */
        private void handle(Delivery d) throws IOException {
            AMQP.BasicProperties in = d.getProperties();
            JsonNode request = JSON.readTree(d.getBody());
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("result", JSON.treeToValue(request.path("args").path(0), Object.class));
            reply.put("error", null);
            AMQP.BasicProperties out = new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                    .deliveryMode(2).priority(0).correlationId(in.getCorrelationId()).headers(Map.of()).build();
            byte[] body = JSON.writeValueAsBytes(reply);
            // the mapping goes in before the publish: the confirm may arrive before basicPublish returns
            unconfirmed.put(publish.getNextPublishSeqNo(), d.getEnvelope().getDeliveryTag());
            publish.basicPublish(EXCHANGE, in.getReplyTo(), false, out, body);
        }

        private void settle(long seq, boolean multiple, boolean confirmed) throws IOException {
            Map<Long, Long> done = multiple ? unconfirmed.headMap(seq, true) : unconfirmed.subMap(seq, true, seq, true);
            for (Long tag : done.values()) {
                if (confirmed) consume.basicAck(tag, false);
                else consume.basicReject(tag, true);
            }
            done.clear();
        }
    }
}
