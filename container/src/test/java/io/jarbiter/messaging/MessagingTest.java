package io.jarbiter.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.jarbiter.amqp.Broker;
import io.jarbiter.amqp.Rpc;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;
import io.jarbiter.container.WorkerContext;
import io.jarbiter.testing.ContainerFactory;
import io.jarbiter.testing.EntrypointWaiter;
import io.jarbiter.testing.Mock;
import io.jarbiter.testing.Testing;
import io.jarbiter.process.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code @Consume} and {@code @Publisher} against the real broker: acks, requeues, redelivery, drain, declarations, context. */
@Timeout(90)
class MessagingTest {
    static final String EXCHANGE = "jarbiter_test_msg";
    static final String ORDERS = "jarbiter_test_msg_orders";
    static final String RETRIES = "jarbiter_test_msg_retries";
    static final String OUTBOX = "jarbiter_test_msg_outbox";

    /** What one call saw. */
    record Seen(Object body, Message message, Map<String, Object> contextData, List<String> callIdStack) {}

    static final List<Seen> CALLS = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch started = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(0);

    public static class Orders {
        public static final String NAME = "jarbiter_test_orders";
        @CallContext
        WorkerContext worker;

        /** {@code {"hold": true}} holds the call until {@link #release}; {@code {"fail": true}} throws. */
        @Consume(queue = @Queue(name = ORDERS, exchange = @Exchange(name = EXCHANGE, type = ExchangeType.TOPIC), routingKey = "order.*"))
        public void onOrder(Map<String, Object> body, Message message) throws InterruptedException {
            CALLS.add(new Seen(body, message, worker.contextData(), worker.callIdStack()));
            started.countDown();
            if (body.containsKey("hold")) assertTrue(release.await(30, TimeUnit.SECONDS));
            if (body.containsKey("fail")) throw new IllegalStateException("order refused");
        }
    }

    public static class Retrying {
        public static final String NAME = "jarbiter_test_retrying";

        /** Fails the first delivery; succeeds on the redelivery the requeue causes. */
        @Consume(queue = @Queue(name = RETRIES), requeueOnError = true)
        public void onRetry(String body, Message message) {
            CALLS.add(new Seen(body, message, Map.of(), List.of()));
            if (!message.redelivered()) throw new IllegalStateException("not yet");
        }
    }

    public static class Producer {
        public static final String NAME = "jarbiter_test_producer";

        @Publisher(exchange = @Exchange(name = EXCHANGE, type = ExchangeType.TOPIC), routingKey = "order.new",
                declare = @Queue(name = OUTBOX, exchange = @Exchange(name = EXCHANGE, type = ExchangeType.TOPIC), routingKey = "order.#",
                        arguments = "x-max-priority=10"))
        MessagePublisher publish;

        @Rpc
        public void send(Map<String, Object> order, String routingKey) {
            if (routingKey == null) publish.publish(order);
            else publish.publish(order, PublishOptions.routingKey(routingKey).header("tenant", "acme").header("nameko.user_id", "forged")
                    .priority(7).expiration(Duration.ofSeconds(60)));
        }
    }

    public static class NoPayload {
        public static final String NAME = "jarbiter_test_invalid";

        @Consume(queue = @Queue(name = "x"))
        public void handle() {
        }
    }

    public static class BadArgument {
        public static final String NAME = "jarbiter_test_invalid";

        @Consume(queue = @Queue(name = "x", arguments = "x-max-priority"))
        public void handle(Object body) {
        }
    }

    public static class WrongFieldType {
        public static final String NAME = "jarbiter_test_invalid";

        @Publisher
        Runnable publish;

        @Rpc
        public void send() {
        }
    }

    Connection raw;
    Channel ch;
    ContainerFactory factory;

    @BeforeEach
    void setUp() throws Exception {
        raw = Broker.connect();
        ch = raw.createChannel();
        Broker.cleanUp(raw, List.of(ORDERS, RETRIES, OUTBOX), List.of(EXCHANGE));
        CALLS.clear();
        started = new CountDownLatch(1);
        release = new CountDownLatch(0);
        factory = new ContainerFactory();
    }

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        factory.close();
        Broker.cleanUp(raw, List.of(ORDERS, RETRIES, OUTBOX, "rpc-" + Producer.NAME), List.of(EXCHANGE));
        raw.close();
    }

    void publishOrder(String routingKey, String json, Map<String, Object> headers) throws Exception {
        ch.basicPublish(EXCHANGE, routingKey, new AMQP.BasicProperties.Builder().contentType("application/json")
                .contentEncoding("utf-8").deliveryMode(2).headers(headers).build(), json.getBytes(StandardCharsets.UTF_8));
    }

    int ready(String queue) throws Exception {
        return ch.queueDeclarePassive(queue).getMessageCount();
    }

    @Test
    void consumerGetsTheBodyAndNamekosContextHeadersAndAcksAfterTheCall() throws Exception {
        ServiceContainer c = factory.create(Orders.class, Broker.config());
        c.start();
        try (EntrypointWaiter waiter = Testing.entrypointWaiter(c, "onOrder", Duration.ofSeconds(20))) {
            publishOrder("order.new", "{\"id\": 7}", Map.of("nameko.user_id", "u7", "nameko.call_id_stack", List.of("py.call.1"), "x-trace", "t1"));
        }
        Seen seen = CALLS.get(0);
        assertEquals(Map.of("id", 7), seen.body());
        assertEquals("u7", seen.contextData().get("user_id"));
        assertEquals("t1", seen.contextData().get("x-trace"), "nameko keeps headers without its prefix as context data too");
        assertEquals("py.call.1", seen.callIdStack().get(0));
        assertTrue(seen.callIdStack().get(1).startsWith(Orders.NAME + ".onOrder."), seen.callIdStack().toString());
        assertEquals(EXCHANGE, seen.message().exchange());
        assertEquals("order.new", seen.message().routingKey());
        assertEquals("u7", seen.message().headers().get("nameko.user_id"));
        assertFalse(seen.message().redelivered());
        c.stop(Duration.ofSeconds(10));
        assertEquals(0, ready(ORDERS), "acked: closing the connection did not give it back to the queue");
        ch.queueDeclare(ORDERS, true, false, false, null);   // kombu's Queue defaults: same flags, else PRECONDITION_FAILED
        ch.exchangeDeclare(EXCHANGE, "topic", true, false, null);
    }

    @Test
    void aFailedMessageIsDroppedWithoutRequeueOnError() throws Exception {
        ServiceContainer c = factory.create(Orders.class, Broker.config());
        c.start();
        try (EntrypointWaiter waiter = Testing.entrypointWaiter(c, "onOrder", Duration.ofSeconds(20))) {
            publishOrder("order.bad", "{\"fail\": true}", Map.of());
        }
        c.stop(Duration.ofSeconds(10));
        assertEquals(1, CALLS.size(), "handled once, not requeued: " + CALLS);
        assertEquals(0, ready(ORDERS));
    }

    @Test
    void aFailedMessageIsRequeuedWithRequeueOnError() throws Exception {
        ServiceContainer c = factory.create(Retrying.class, Broker.config());
        c.start();
        ch.basicPublish("", RETRIES, new AMQP.BasicProperties.Builder().contentType("application/json").build(), "\"again\"".getBytes(StandardCharsets.UTF_8));
        await("the redelivery succeeded").atMost(Duration.ofSeconds(20)).until(() -> CALLS.size() >= 2);
        c.stop(Duration.ofSeconds(10));
        assertEquals(2, CALLS.size(), CALLS.toString());
        assertEquals("again", CALLS.get(1).body());
        assertTrue(CALLS.get(1).message().redelivered());
        assertEquals(0, ready(RETRIES));
    }

    @Test
    void aMessageInFlightWhenTheContainerIsKilledIsRedelivered() throws Exception {
        release = new CountDownLatch(1);
        ServiceContainer first = factory.create(Orders.class, Broker.config());
        first.start();
        publishOrder("order.new", "{\"hold\": true, \"id\": 1}", Map.of());
        assertTrue(started.await(20, TimeUnit.SECONDS));
        first.kill();
        release.countDown();
        try (ContainerFactory another = new ContainerFactory()) {   // as another worker: its own connection
            another.create(Orders.class, Broker.config()).start();
            await("the second container got it again").atMost(Duration.ofSeconds(20)).until(() -> CALLS.size() >= 2);
        }
        assertEquals(CALLS.get(0).body(), CALLS.get(1).body());
        assertTrue(CALLS.get(1).message().redelivered());
    }

    @Test
    void gracefulStopCancelsTheConsumerFirstAndAcksTheCallInFlight() throws Exception {
        release = new CountDownLatch(1);
        ServiceContainer c = factory.create(Orders.class, Broker.config());
        c.start();
        publishOrder("order.new", "{\"hold\": true}", Map.of());
        assertTrue(started.await(20, TimeUnit.SECONDS));
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> c.stop(Duration.ofSeconds(30)));
        await("consumer cancelled").atMost(Duration.ofSeconds(20)).until(() -> ch.queueDeclarePassive(ORDERS).getConsumerCount() == 0);
        publishOrder("order.new", "{\"id\": 2}", Map.of());
        release.countDown();
        stopping.get(30, TimeUnit.SECONDS);
        assertEquals(1, CALLS.size(), CALLS.toString());
        assertEquals(1, ready(ORDERS), "the first acked, the second left for another worker");
    }

    /** The broker closes this container's connection (only it): the consumer comes back by itself and consumes again. */
    @Test
    void consumingResumesAfterTheBrokerClosedTheConnection() throws Exception {
        ServiceContainer c = factory.create(Orders.class, Broker.config());
        c.start();
        String listed = rabbitmqctl("list_connections", "-q", "--no-table-headers", "pid", "client_properties");
        String pid = listed.lines().filter(l -> l.contains(Orders.NAME)).map(l -> l.split("\\s+")[0]).findFirst()
                .orElseThrow(() -> new AssertionError("no connection named " + Orders.NAME + " in\n" + listed));
        rabbitmqctl("close_connection", pid, "jarbiter messaging recovery test");
        await("the connection was closed").atMost(Duration.ofSeconds(20)).until(() -> CALLS.isEmpty() && !rabbitmqctl("list_connections", "-q",
                "--no-table-headers", "pid").contains(pid));
        await("the consumer is back").atMost(Duration.ofSeconds(30)).until(() -> ch.queueDeclarePassive(ORDERS).getConsumerCount() == 1);
        try (EntrypointWaiter waiter = Testing.entrypointWaiter(c, "onOrder", Duration.ofSeconds(20))) {
            publishOrder("order.new", "{\"id\": 9}", Map.of());
        }
        assertEquals(Map.of("id", 9), CALLS.get(0).body());
        assertFalse(c.isBeingKilled(), "no container restart was needed");
    }

    static String rabbitmqctl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("rabbitmqctl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, cmd + ": " + out);
        return out;
    }

    @Test
    void publisherDeclaresItsExchangeAndQueuesAndPublishesAsNamekoDoes() throws Exception {
        ServiceContainer c = factory.create(Producer.class, Broker.config());
        c.start();
        // redeclaring with the flags a kombu Exchange/Queue would have succeeds only if ours were the same
        ch.exchangeDeclare(EXCHANGE, "topic", true, false, null);
        ch.queueDeclare(OUTBOX, true, false, false, Map.of("x-max-priority", 10));
        Testing.entrypointHook(c, "send").callWith(Map.of("user_id", "u9"), Map.of("id", 1), null);
        GetResponse got = ch.basicGet(OUTBOX, true);
        AMQP.BasicProperties p = got.getProps();
        assertEquals("order.new", got.getEnvelope().getRoutingKey());
        assertEquals(Map.of("id", 1), Json.MAPPER.readValue(got.getBody(), Map.class));
        assertEquals("application/json", p.getContentType());
        assertEquals("utf-8", p.getContentEncoding());
        assertEquals(2, p.getDeliveryMode());
        assertEquals(0, p.getPriority());
        assertEquals("u9", String.valueOf(p.getHeaders().get("nameko.user_id")));
        List<?> stack = (List<?>) p.getHeaders().get("nameko.call_id_stack");
        assertTrue(stack.size() == 1 && stack.get(0).toString().startsWith(Producer.NAME + ".send."), stack.toString());
    }

    @Test
    void publishOptionsSetRoutingKeyHeadersPriorityAndExpirationButNotTheContext() throws Exception {
        ServiceContainer c = factory.create(Producer.class, Broker.config());
        c.start();
        Testing.entrypointHook(c, "send").callWith(Map.of("user_id", "u9"), Map.of("id", 2), "order.rush");
        GetResponse got = ch.basicGet(OUTBOX, true);
        AMQP.BasicProperties p = got.getProps();
        assertEquals("order.rush", got.getEnvelope().getRoutingKey());
        assertEquals("acme", String.valueOf(p.getHeaders().get("tenant")));
        assertEquals("u9", String.valueOf(p.getHeaders().get("nameko.user_id")), "context headers win, as in nameko");
        assertEquals(7, p.getPriority());
        assertEquals("60000", p.getExpiration());
    }

    @Test
    void theTestingKitFiresConsumeAndMocksThePublisher() throws Exception {
        ServiceContainer c = factory.create(Orders.class, Broker.config());
        c.start();
        Testing.entrypointHook(c, "onOrder").callWith(Map.of("user_id", "u1"), Map.of("id", 3), null);
        assertEquals(Map.of("id", 3), CALLS.get(0).body());
        assertEquals("u1", CALLS.get(0).contextData().get("user_id"));

        Producer producer = Testing.workerFactory(Producer.class);
        producer.send(Map.of("id", 4), null);
        assertEquals(List.of(new Mock.Call("publish", List.of(Map.of("id", 4)))), Mock.calls(producer.publish));
    }

    @Test
    void invalidDeclarationsFailAtBoot() {
        ServiceDefinitionException noPayload = assertThrows(ServiceDefinitionException.class, () -> factory.create(NoPayload.class, Map.of()));
        assertTrue(noPayload.getMessage().contains("handle(): a @Consume method takes the message body"), noPayload.getMessage());
        ServiceDefinitionException arg = assertThrows(ServiceDefinitionException.class, () -> factory.create(BadArgument.class, Map.of()));
        assertTrue(arg.getMessage().contains("'x-max-priority' must be key=value"), arg.getMessage());
        ServiceDefinitionException field = assertThrows(ServiceDefinitionException.class, () -> factory.create(WrongFieldType.class, Map.of()));
        assertTrue(field.getMessage().contains("must be declared MessagePublisher, not Runnable"), field.getMessage());
    }
}
