package io.jarbiter.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.jarbiter.amqp.internal.ContainerAmqp;
import io.jarbiter.amqp.internal.Publisher;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.WorkerContext;
import io.jarbiter.testing.ContainerFactory;
import io.jarbiter.process.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RPC wire format against the real broker, message by message as docs/WIRE.md describes it, captured from
 * nameko 2.14: raw requests in, raw replies out; and the Java proxy against a jarbiter service.
 */
@Timeout(60)
class RpcWireTest {
    /** A service whose name is unique per run, so parallel runs and leftovers never collide. */
    public static class Peer {
        public static final String NAME = "jarbiter_peer_" + UUID.randomUUID().toString().substring(0, 8);

        @RpcProxy(value = "no_such_service_anywhere", timeout = 5)
        ServiceProxy nobody;

        public record Greeting(String greeting, List<Object> n) {}

        @Rpc
        public Greeting echo(Greeting value) {
            return value;
        }

        @Rpc
        public long add(long a, long b) {
            return a + b;
        }

        @Rpc
        public String fail(String message) {
            throw new IllegalArgumentException(message);
        }

        @Rpc
        public Object unserializable() {
            return new Object() {
                public Object getSelf() {
                    return this;
                }
            };
        }

        @Rpc
        public String callNobody() {
            nobody.call("x");
            return "unreachable";
        }
    }

    static ContainerFactory factory;
    static ServiceContainer container;
    static Connection raw;
    static Channel channel;
    static String replyQueue;
    static final String REPLY_KEY = UUID.randomUUID().toString();

    @BeforeAll
    static void startPeer() throws Exception {
        raw = Broker.connect();
        factory = new ContainerFactory();
        container = factory.create(Peer.class, Broker.config());
        container.start();
        channel = raw.createChannel();
        replyQueue = channel.queueDeclare("test-replies-" + REPLY_KEY, false, true, true, null).getQueue();
        channel.queueBind(replyQueue, "nameko-rpc", REPLY_KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        if (factory != null) factory.close();
        if (raw != null) {
            Broker.cleanUp(raw, List.of("rpc-" + Peer.NAME), List.of());
            raw.close();
        }
    }

    /** Publishes a request exactly as nameko's proxy does and returns the raw reply. */
    static GetResponse call(String method, String body, Map<String, Object> headers) throws Exception {
        String correlationId = UUID.randomUUID().toString();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                .deliveryMode(2).priority(0).replyTo(REPLY_KEY).correlationId(correlationId).headers(headers).build();
        channel.basicPublish("nameko-rpc", Peer.NAME + "." + method, true, props, body.getBytes(StandardCharsets.UTF_8));
        GetResponse[] reply = new GetResponse[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> (reply[0] = channel.basicGet(replyQueue, true)) != null);
        assertEquals(correlationId, reply[0].getProps().getCorrelationId());
        return reply[0];
    }

    static JsonNode json(GetResponse r) throws Exception {
        return Json.MAPPER.readTree(r.getBody());
    }

    @Test
    void successReplyHasNamekosPropertiesHeadersAndBody() throws Exception {
        GetResponse r = call("echo", "{\"args\": [{\"greeting\": \"hi\", \"n\": [1, 2.5, true, null]}], \"kwargs\": {}}",
                Map.of("nameko.call_id_stack", List.of("standalone_rpc_proxy.call.446232f9"), "nameko.language", "en-gb"));
        AMQP.BasicProperties p = r.getProps();
        assertEquals("application/json", p.getContentType());
        assertEquals("utf-8", p.getContentEncoding());
        assertEquals(2, p.getDeliveryMode());
        assertEquals(0, p.getPriority());
        assertEquals("nameko-rpc", r.getEnvelope().getExchange(), "replies go to the RPC exchange, not the default one");
        assertEquals(REPLY_KEY, r.getEnvelope().getRoutingKey());
        assertTrue(p.getHeaders() == null || p.getHeaders().isEmpty(), "replies carry an empty header table");
        assertEquals(Json.MAPPER.readTree("{\"result\": {\"greeting\": \"hi\", \"n\": [1, 2.5, true, null]}, \"error\": null}"), json(r));
    }

    @Test
    void kwargsBindByParameterName() throws Exception {
        assertEquals(5, json(call("add", "{\"args\": [2], \"kwargs\": {\"b\": 3}}", Map.of())).get("result").asLong());
    }

    @Test
    void everyNamekoErrorHasItsExactShape() throws Exception {
        assertEquals(Json.MAPPER.readTree("{\"result\": null, \"error\": {\"exc_type\": \"MethodNotFound\", \"exc_path\": \"nameko.exceptions.MethodNotFound\", \"exc_args\": [\"no_such_method\"], \"value\": \"no_such_method\"}}"),
                json(call("no_such_method", "{\"args\": [], \"kwargs\": {}}", Map.of())));
        assertEquals(Json.MAPPER.readTree("{\"result\": null, \"error\": {\"exc_type\": \"IncorrectSignature\", \"exc_path\": \"nameko.exceptions.IncorrectSignature\", \"exc_args\": [\"add() missing 1 required positional argument: 'b'\"], \"value\": \"add() missing 1 required positional argument: 'b'\"}}"),
                json(call("add", "{\"args\": [1], \"kwargs\": {}}", Map.of())));
        assertEquals(Json.MAPPER.readTree("{\"result\": null, \"error\": {\"exc_type\": \"MalformedRequest\", \"exc_path\": \"nameko.exceptions.MalformedRequest\", \"exc_args\": [\"Message missing `args` or `kwargs`\"], \"value\": \"Message missing `args` or `kwargs`\"}}"),
                json(call("add", "{\"args\": [1]}", Map.of())));
        assertEquals("MalformedRequest", json(call("add", "{not json", Map.of())).get("error").get("exc_type").asText());
        JsonNode fail = json(call("fail", "{\"args\": [\"bad thing\"], \"kwargs\": {}}", Map.of())).get("error");
        assertEquals("IllegalArgumentException", fail.get("exc_type").asText());
        assertEquals("java.lang.IllegalArgumentException", fail.get("exc_path").asText());
        assertEquals("[\"bad thing\"]", fail.get("exc_args").toString());
        assertEquals("bad thing", fail.get("value").asText());
        assertEquals("UnserializableValueError", json(call("unserializable", "{\"args\": [], \"kwargs\": {}}", Map.of())).get("error").get("exc_type").asText());
    }

    /**
     * A request no call is made for is answered at once; when a channel error closed the publishing channel,
     * that answer first opens another, a round trip the connection's reader thread (where deliveries arrive)
     * would wait on itself: the reply still goes out, and the request is acked.
     */
    @Test
    void anErrorRepliedAtOnceAfterAChannelErrorClosedThePublishingChannelStillGoesOut() throws Exception {
        Publisher publisher = ContainerAmqp.of(container).publisher();
        CompletableFuture<Boolean> refused = publisher.publishAsync("jarbiter-no-such-exchange-" + UUID.randomUUID(),
                "x", Publisher.properties().build(), new byte[0], false);
        assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS),
                "a publish to a missing exchange is refused, and its channel closed");
        assertEquals("MethodNotFound", json(call("no_such_method", "{\"args\": [], \"kwargs\": {}}", Map.of())).get("error").get("exc_type").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> channel.messageCount("rpc-" + Peer.NAME) == 0);
        assertEquals(3, json(call("add", "{\"args\": [1, 2], \"kwargs\": {}}", Map.of())).get("result").asLong(), "still serving");
    }

    @Test
    void requestWithoutReplyToIsRejectedNotRequeuedAndTheWorkerLives() throws Exception {
        AMQP.BasicProperties noReplyTo = new AMQP.BasicProperties.Builder().contentType("application/json").correlationId("x").build();
        channel.basicPublish("nameko-rpc", Peer.NAME + ".add", noReplyTo, "{\"args\": [1, 2], \"kwargs\": {}}".getBytes());
        AMQP.BasicProperties noContentType = new AMQP.BasicProperties.Builder().replyTo(REPLY_KEY).correlationId("y").build();
        channel.basicPublish("nameko-rpc", Peer.NAME + ".add", noContentType, "{\"args\": [1, 2], \"kwargs\": {}}".getBytes());
        assertEquals(3, json(call("add", "{\"args\": [1, 2], \"kwargs\": {}}", Map.of())).get("result").asLong(), "still serving");
        await().atMost(Duration.ofSeconds(10)).until(() -> channel.messageCount("rpc-" + Peer.NAME) == 0);
        assertNull(channel.basicGet(replyQueue, true), "no reply was sent for the poison messages");
        assertTrue(!container.isBeingKilled());
    }

    @Test
    void javaProxyCallsResultsErrorsAndUnknownServices() throws Exception {
        try (ClusterRpcProxy rpc = ClusterRpcProxy.connect(Broker.config(), Map.of("user_id", "u1"), Duration.ofSeconds(10))) {
            ServiceProxy peer = rpc.service(Peer.NAME);
            assertEquals(7L, ((Number) peer.call("add", 3, 4)).longValue());
            assertEquals(9L, ((Number) peer.callKwargs("add", Map.of("a", 4, "b", 5))).longValue());
            assertEquals(11L, ((Number) peer.callAsync("add", 5, 6).get()).longValue());
            RemoteError e = assertThrows(RemoteError.class, () -> peer.call("fail", "nope"));
            assertEquals("IllegalArgumentException", e.excType());
            assertEquals("IllegalArgumentException nope", e.getMessage());
            assertThrows(MethodNotFound.class, () -> peer.call("missing"));
            assertThrows(IncorrectSignature.class, () -> peer.call("add", 1));
            assertThrows(UnknownService.class, () -> rpc.service("no_such_service_anywhere").call("x"));
            RemoteError nested = assertThrows(RemoteError.class, () -> peer.call("callNobody"));
            assertEquals("UnknownService", nested.excType(), "a proxy inside a service raises UnknownService too");
        }
    }

    @Test
    void proxyTimesOutWithAClearError() throws Exception {
        String lonely = "jarbiter_lonely_" + UUID.randomUUID().toString().substring(0, 8);
        channel.queueDeclare("rpc-" + lonely, true, false, false, null);
        channel.queueBind("rpc-" + lonely, "nameko-rpc", lonely + ".*");
        try (ClusterRpcProxy rpc = ClusterRpcProxy.connect(Broker.config(), Map.of(), Duration.ofMillis(500))) {
            RpcTimeout t = assertThrows(RpcTimeout.class, () -> rpc.service(lonely).call("anything"));
            assertTrue(t.getMessage().contains("no reply to " + lonely + ".anything within 0.5 s"), t.getMessage());
        } finally {
            channel.queueDelete("rpc-" + lonely);
        }
    }

    @Test
    void contextHeadersBecomeWorkerContext() throws Exception {
        WorkerContext[] seen = new WorkerContext[1];
        container.onCallDone(d -> {
            if (d.context().methodName().equals("add")) seen[0] = d.context();
        });
        call("add", "{\"args\": [1, 1], \"kwargs\": {}}", Map.of("nameko.call_id_stack", List.of("raw_rpc.call.X"),
                "nameko.user_id", "u9", "plainheader", "x"));
        await().atMost(Duration.ofSeconds(5)).until(() -> seen[0] != null);
        assertEquals(Map.of("user_id", "u9", "plainheader", "x"), seen[0].contextData());
        assertEquals("raw_rpc.call.X", seen[0].callIdStack().get(0));
        assertTrue(seen[0].callIdStack().get(1).startsWith(Peer.NAME + ".add."));
        assertNotNull(seen[0].immediateParentCallId());
    }
}
