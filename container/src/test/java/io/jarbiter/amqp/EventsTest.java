package io.jarbiter.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.testing.ContainerFactory;
import io.jarbiter.testing.EntrypointWaiter;
import io.jarbiter.testing.Testing;
import io.jarbiter.process.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events against the real broker: nameko's exchange/queue names and flags, dispatch both ways. */
@Timeout(60)
class EventsTest {
    /** Constant (annotations need one); every queue and exchange the tests declare is deleted afterwards. */
    static final String SOURCE = "jarbiter_test_source";
    static final List<Object> RECEIVED = new CopyOnWriteArrayList<>();

    public static class Source {
        public static final String NAME = SOURCE;

        @EventDispatcher
        Dispatcher dispatch;

        @Rpc
        public String fire(String name) {
            dispatch.dispatch("greeted", Map.of("name", name));
            return "fired";
        }
    }

    public static class Listener {
        public static final String NAME = "jarbiter_test_listener";

        @EventHandler(source = SOURCE, eventType = "greeted")
        public void onGreeted(Map<String, Object> payload) {
            RECEIVED.add(payload);
        }

        @EventHandler(source = SOURCE, eventType = "pinged", handlerType = EventHandler.HandlerType.SINGLETON)
        public void singleton(Object payload) {
            RECEIVED.add("singleton " + payload);
        }

        @EventHandler(source = SOURCE, eventType = "pinged", handlerType = EventHandler.HandlerType.BROADCAST, reliableDelivery = false)
        public void broadcast(Object payload) {
            RECEIVED.add("broadcast " + payload);
        }
    }

    public static class BadBroadcast {
        public static final String NAME = "bad_broadcast";

        @EventHandler(source = "x", eventType = "y", handlerType = EventHandler.HandlerType.BROADCAST)
        public void handle(Object payload) {
        }
    }

    Connection raw;
    ContainerFactory factory;
    final List<String> queues = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        raw = Broker.connect();
        RECEIVED.clear();
        factory = new ContainerFactory();
    }

    @AfterEach
    void tearDown() throws Exception {
        factory.close();
        queues.add("rpc-" + SOURCE);
        Broker.cleanUp(raw, queues, List.of(SOURCE + ".events"));
        raw.close();
    }

    @Test
    void handlerQueuesHaveNamekosNamesAndFlags() throws Exception {
        ServiceContainer c = factory.create(Listener.class, Broker.config());
        c.start();
        String pool = "evt-" + SOURCE + "-greeted--" + Listener.NAME + ".onGreeted";
        String singleton = "evt-" + SOURCE + "-pinged";
        queues.add(pool);
        queues.add(singleton);
        Channel ch = raw.createChannel();
        // redeclaring with nameko's exact flags succeeds only if ours were the same (else PRECONDITION_FAILED)
        ch.queueDeclare(pool, true, false, false, null);
        ch.queueDeclare(singleton, true, false, false, null);
        ch.exchangeDeclare(SOURCE + ".events", "topic", true, false, null);
        String broadcast = ((io.jarbiter.amqp.internal.EventHandlerEntrypoint) c.entrypoint("broadcast")).queue();
        assertTrue(broadcast.matches("evt-" + SOURCE + "-pinged--" + Listener.NAME + "\\.broadcast-[0-9a-f]{32}"), broadcast);
        ch.close();
    }

    @Test
    void standaloneDispatchReachesEveryHandlerTypeAsNamekoDoes() throws Exception {
        ServiceContainer c = factory.create(Listener.class, Broker.config());
        c.start();
        queues.add("evt-" + SOURCE + "-greeted--" + Listener.NAME + ".onGreeted");
        queues.add("evt-" + SOURCE + "-pinged");
        try (StandaloneDispatcher dispatcher = StandaloneDispatcher.connect(Broker.config(), false);
             EntrypointWaiter waiter = Testing.entrypointWaiter(c, "onGreeted", Duration.ofSeconds(20))) {
            dispatcher.dispatch(SOURCE, "greeted", Map.of("name", "Ann"));
            dispatcher.dispatch(SOURCE, "pinged", 7);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVED.size() == 3);
        assertTrue(RECEIVED.containsAll(List.of(Map.of("name", "Ann"), "singleton 7", "broadcast 7")), RECEIVED.toString());
    }

    @Test
    void serviceDispatchCarriesTheCallContextInNamekoHeaders() throws Exception {
        ServiceContainer source = factory.create(Source.class, Broker.config());
        source.start();
        String spy = "spy-" + SOURCE;
        queues.add(spy);
        Channel ch = raw.createChannel();
        ch.queueDeclare(spy, false, false, true, null);
        ch.queueBind(spy, SOURCE + ".events", "greeted");
        try (ClusterRpcProxy rpc = ClusterRpcProxy.connect(Broker.config(), Map.of("user_id", "u7"), Duration.ofSeconds(10))) {
            assertEquals("fired", rpc.service(SOURCE).call("fire", "Bo"));
        }
        GetResponse[] got = new GetResponse[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> (got[0] = ch.basicGet(spy, true)) != null);
        AMQP.BasicProperties p = got[0].getProps();
        assertEquals("application/json", p.getContentType());
        assertEquals(2, p.getDeliveryMode());
        assertEquals(Map.of("name", "Bo"), Json.MAPPER.readValue(got[0].getBody(), Map.class), "the bare payload, no envelope");
        assertEquals("u7", String.valueOf(p.getHeaders().get("nameko.user_id")));
        List<?> stack = (List<?>) p.getHeaders().get("nameko.call_id_stack");
        assertEquals(2, stack.size());
        assertTrue(stack.get(0).toString().startsWith("standalone_rpc_proxy.call."));
        assertTrue(stack.get(1).toString().startsWith(SOURCE + ".fire."));
    }

    @Test
    void broadcastWithReliableDeliveryIsADefinitionError() {
        assertThrows(io.jarbiter.container.ServiceDefinitionException.class, () -> factory.create(BadBroadcast.class, Broker.config()));
    }
}
