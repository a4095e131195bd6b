package io.jarbiter.amqp;

import ch.qos.logback.classic.Level;
import com.rabbitmq.client.Connection;
import io.jarbiter.amqp.internal.AmqpConfigException;
import io.jarbiter.amqp.internal.AmqpSettings;
import io.jarbiter.conf.NamekoKeys;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;
import io.jarbiter.logging.NamekoLogging;
import io.jarbiter.testing.ContainerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every nameko key jarbiter accepts (conf's {@link NamekoKeys#all()}) either works, shown here by
 * its effect, or is refused with a message naming it: none is read and ignored. TLS and login
 * (AMQP_SSL, LOGIN_METHOD) are shown working in {@link AmqpTlsTest}; max_workers's worker pool and
 * parent_calls_tracked in ServiceContainerTest.
 */
@Timeout(120)
class NamekoKeysTest {
    interface Check {
        void run() throws Exception;
    }

    public static class Prefetched {
        public static final String NAME = "jarbiter_test_prefetch";

        @Rpc
        public String ping() {
            return "pong";
        }
    }

    final Map<String, Check> checks = new LinkedHashMap<>();

    NamekoKeysTest() {
        checks.put("AMQP_URI", () -> {
            assertEquals(5999, AmqpSettings.of(Map.of("AMQP_URI", "pyamqp://u:p@localhost:5999/")).factory().getPort());
            refused(Map.of("AMQP_URI", "http://nope"), "AMQP_URI 'http://nope' is not a valid AMQP URI", true);
        });
        checks.put("rpc_exchange", () -> {
            try (ClusterRpcProxy ignored = ClusterRpcProxy.connect(Broker.config("rpc_exchange", "jarbiter_test_rpc_x"));
                 Connection raw = Broker.connect()) {
                raw.createChannel().exchangeDeclarePassive("jarbiter_test_rpc_x");
                Broker.cleanUp(raw, List.of(), List.of("jarbiter_test_rpc_x"));
            }
        });
        checks.put("max_workers", this::prefetchOfServiceAndReplyQueues);
        checks.put("PREFETCH_COUNT", () -> refused(Map.of("PREFETCH_COUNT", 0), "PREFETCH_COUNT must be a whole number >= 1, got '0'", false));
        checks.put("parent_calls_tracked", () -> { /* the container's: ServiceContainerTest.callIdStackIsBoundedAndContextDataVisible */ });
        checks.put("serializer", () -> {
            AmqpSettings.of(Map.of("serializer", "json"));
            refused(Map.of("serializer", "pickle"), "serializer 'pickle' is not supported: jarbiter speaks json only", false);
        });
        checks.put("ACCEPT", () -> {
            AmqpSettings.of(Map.of("ACCEPT", List.of("json")));
            refused(Map.of("ACCEPT", List.of("json", "msgpack")), "ACCEPT [json, msgpack] is not supported", false);
        });
        checks.put("SERIALIZERS", () -> refused(Map.of("SERIALIZERS", Map.of("morjson", Map.of("encoder", "a.b", "decoder", "a.c"))),
                "SERIALIZERS", false));
        checks.put("HEARTBEAT", () -> {
            try (Connection c = AmqpSettings.of(Broker.config("HEARTBEAT", 7)).connect("heartbeat-test")) {
                assertEquals(7, c.getHeartbeat());
            }
        });
        checks.put("TRANSPORT_OPTIONS", this::transportOptions);
        checks.put("LOGGING", () -> {
            NamekoLogging.apply(Map.of("version", 1, "root", Map.of("level", "WARNING"),
                    "loggers", Map.of("com.acme.noisy", Map.of("level", "DEBUG", "handlers", List.of("console"))),
                    "handlers", Map.of("console", Map.of("class", "logging.StreamHandler"))));
            ch.qos.logback.classic.LoggerContext ctx = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
            try {
                assertEquals(Level.DEBUG, ctx.getLogger("com.acme.noisy").getLevel());
                assertEquals(Level.WARN, ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel());
            } finally {
                ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NamekoLogging.apply(Map.of("loggers", Map.of("nameko", Map.of("level", "LOUD")))));
            assertEquals("LOGGING: loggers.nameko level 'LOUD' is not a level: use DEBUG, INFO, WARNING, ERROR, CRITICAL or NOTSET", e.getMessage());
        });
        checks.put("AUTO_DELETE_EVENT_EXCHANGES", () -> {
            try (StandaloneDispatcher d = StandaloneDispatcher.connect(Broker.config("AUTO_DELETE_EVENT_EXCHANGES", true), true);
                 Connection raw = Broker.connect()) {
                d.dispatch("jarbiter_test_autodel", "ping", Map.of());
                IOException e = assertThrows(IOException.class,
                        () -> raw.createChannel().exchangeDeclare("jarbiter_test_autodel.events", "topic", true, false, null));
                assertTrue(String.valueOf(e.getCause()).contains("auto_delete"), "declared auto-delete: " + e.getCause());
                Broker.cleanUp(raw, List.of(), List.of("jarbiter_test_autodel.events"));
            }
        });
        checks.put("DECLARE_EVENT_EXCHANGES", () -> {
            try (StandaloneDispatcher d = StandaloneDispatcher.connect(Broker.config("DECLARE_EVENT_EXCHANGES", false), true)) {
                IOException e = assertThrows(IOException.class, () -> d.dispatch("jarbiter_test_nodeclare", "ping", Map.of()));
                assertTrue(e.getMessage().contains("NOT_FOUND"), "not declared: " + e.getMessage());
                try (Connection raw = Broker.connect()) {
                    raw.createChannel().exchangeDeclare("jarbiter_test_nodeclare.events", "topic", true, false, null);
                    d.dispatch("jarbiter_test_nodeclare", "ping", Map.of()); // the publisher got a new channel
                    Broker.cleanUp(raw, List.of(), List.of("jarbiter_test_nodeclare.events"));
                }
            }
        });
        checks.put("AMQP_SSL", () -> {
            refused(Map.of("AMQP_SSL", Map.of("cert_reqs", "CERT_MAYBE")), "AMQP_SSL: cert_reqs 'CERT_MAYBE' is not one of", false);
            refused(Map.of("AMQP_SSL", Map.of("ssl_version", 2)), "AMQP_SSL: 'ssl_version' is not supported", false);
            refused(Map.of("AMQP_SSL", Map.of("ca_certs", "/nonexistent/ca.pem")), "AMQP_SSL: /nonexistent/ca.pem: no such file", false);
        });
        checks.put("LOGIN_METHOD", () -> refused(Map.of("LOGIN_METHOD", "CRAM-MD5"), "LOGIN_METHOD 'CRAM-MD5' is not supported: use PLAIN, AMQPLAIN or EXTERNAL", false));
    }

    @Test
    void everyNamekoKeyWorksOrIsRefused() throws Exception {
        for (String key : NamekoKeys.all()) {
            Check check = checks.get(key);
            if (check == null) fail("nameko key " + key + " has no check: show that it works, or refuse it in AmqpSettings.of");
            try {
                check.run();
            } catch (Exception | AssertionError e) {
                throw new AssertionError(key + ": " + e, e);
            }
        }
        assertTrue(NamekoKeys.all().containsAll(checks.keySet()), "checks for keys conf does not accept: " + checks.keySet());
    }

    @Test
    void aWorkerRefusesAnUnhonouredKeyWhileBuildingTheService() {
        try (ContainerFactory factory = new ContainerFactory()) {
            ServiceDefinitionException e = assertThrows(ServiceDefinitionException.class,
                    () -> factory.create(Prefetched.class, Broker.config("serializer", "pickle")));
            assertEquals("service " + Prefetched.NAME + ": serializer 'pickle' is not supported: jarbiter speaks json only"
                    + " (nameko's default); remove the key or set it to json", e.getMessage());
        }
    }

    private static void refused(Map<String, Object> config, String message, boolean atConnect) {
        AmqpConfigException e = assertThrows(AmqpConfigException.class,
                () -> { AmqpSettings s = AmqpSettings.of(config); if (atConnect) s.factory(); });
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    /**
     * max_workers is the prefetch of the service's queue (nameko's QueueConsumer); PREFETCH_COUNT that of reply
     * queues, whose replies are then acked; without it, replies are consumed without acks.
     */
    private void prefetchOfServiceAndReplyQueues() throws Exception {
        try (ContainerFactory factory = new ContainerFactory()) {
            ServiceContainer c = factory.create(Prefetched.class, Broker.config("max_workers", 3));
            c.start();
            try (ClusterRpcProxy rpc = ClusterRpcProxy.connect(Broker.config("PREFETCH_COUNT", 7))) {
                assertEquals("pong", rpc.service(Prefetched.NAME).call("ping"));
                String consumers = rabbitmqctl("list_consumers", "-q", "queue_name", "ack_required", "prefetch_count"); // printed in this order
                assertTrue(consumers.lines().anyMatch(l -> l.matches("rpc-" + Prefetched.NAME + "\\s+true\\s+3")), consumers);
                assertTrue(consumers.lines().anyMatch(l -> l.matches("rpc\\.reply-standalone_rpc_proxy-\\S+\\s+true\\s+7")), consumers);
            }
            try (ClusterRpcProxy rpc = ClusterRpcProxy.connect(Broker.config())) {
                assertEquals("pong", rpc.service(Prefetched.NAME).call("ping"));
                String consumers = rabbitmqctl("list_consumers", "-q", "queue_name", "ack_required");
                assertTrue(consumers.lines().anyMatch(l -> l.matches("rpc\\.reply-standalone_rpc_proxy-\\S+\\s+false")), consumers);
            }
        } finally {
            try (Connection raw = Broker.connect()) {
                Broker.cleanUp(raw, List.of("rpc-" + Prefetched.NAME), List.of());
            }
        }
    }

    private void transportOptions() throws Exception {
        Map<String, Object> opts = new HashMap<>(Map.of("heartbeat", 9, "connect_timeout", 1.5, "confirm_publish", true));
        AmqpSettings s = AmqpSettings.of(Broker.config("HEARTBEAT", 30, "TRANSPORT_OPTIONS", opts));
        assertEquals(1500, s.factory().getConnectionTimeout());
        try (Connection c = s.connect("transport-options-test")) {
            assertEquals(9, c.getHeartbeat(), "TRANSPORT_OPTIONS heartbeat wins over HEARTBEAT, as in kombu");
        }
        // kombu's retry policy: 1 + max_retries attempts at an endpoint that hangs up at once
        AtomicInteger attempts = new AtomicInteger();
        try (ServerSocket hangsUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (true) {
                    try (Socket s2 = hangsUp.accept()) {
                        attempts.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            Map<String, Object> retry = Map.of("max_retries", 2, "interval_start", 0.05, "interval_step", 0.05, "interval_max", 0.1);
            IOException e = assertThrows(IOException.class, () -> AmqpSettings.of(Map.of("AMQP_URI", "amqp://guest:guest@127.0.0.1:"
                    + hangsUp.getLocalPort() + "/", "TRANSPORT_OPTIONS", retry)).connect("retry-test"));
            assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
            assertEquals(3, attempts.get());
        }
        refused(Map.of("TRANSPORT_OPTIONS", Map.of("read_timeout", 5)), "TRANSPORT_OPTIONS: 'read_timeout' is not supported by jarbiter", false);
        refused(Map.of("TRANSPORT_OPTIONS", Map.of("confirm_publish", false)), "TRANSPORT_OPTIONS: confirm_publish 'false': jarbiter always publishes with", false);
    }

    private static String rabbitmqctl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("rabbitmqctl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out;
    }
}
