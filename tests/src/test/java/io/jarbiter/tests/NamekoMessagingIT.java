package io.jarbiter.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.jarbiter.amqp.ClusterRpcProxy;
import io.jarbiter.tests.app.MessagingService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static io.jarbiter.tests.NamekoInteropIT.JSON;
import static io.jarbiter.tests.NamekoInteropIT.PEER;
import static io.jarbiter.tests.NamekoInteropIT.PYTHON;
import static io.jarbiter.tests.NamekoInteropIT.log;
import static io.jarbiter.tests.NamekoInteropIT.pythonUri;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nameko.messaging both ways with real Python nameko 2.14: nameko's own {@code Publisher} and
 * {@code @consume} in nameko's ServiceContainer ({@code tests/src/test/python/nameko_messaging.py})
 * against a two-worker jarbiter running {@link MessagingService}. Both sides declare the same exchange
 * and queues (kombu objects there, annotations here), so any difference in flags or arguments fails
 * with PRECONDITION_FAILED. Skipped locally without python3 + nameko; a failure under {@code CI=true}.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NamekoMessagingIT {
    static final Path SCRIPT = Jarbiter.HOME.resolve("tests/src/test/python/nameko_messaging.py");

    static Path dir;
    static Jarbiter jarbiter;
    static Path messages;

    @BeforeAll
    static void startJarbiter() throws Exception {
        requireNameko();
        deleteTopology();
        dir = Files.createTempDirectory("jarbiter-messaging-");
        messages = dir.resolve("messages.jsonl");
        Path app = Jarbiter.testApp(dir, "AMQP_URI: " + NamekoInteropIT.AMQP_URI + "\nmessages_file: " + messages + "\n");
        Files.writeString(app, Files.readString(app).replace("io.jarbiter.tests.app.TestService", MessagingService.class.getName())
                .replace("workers: 1", "workers: 2"));
        jarbiter = Jarbiter.start(dir, Map.of(), app.toString());
        jarbiter.awaitReady();
        await("both workers consume " + MessagingService.TO_JAVA).atMost(Duration.ofSeconds(60))
                .until(() -> jarbiter.workerPids().size() == 2 && consumers(MessagingService.TO_JAVA) == 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (jarbiter != null) jarbiter.close();
        deleteTopology();
        if (dir != null) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /** nameko's Publisher, from inside a nameko call with context data: body, context and call-id stack arrive in @Consume. */
    @Test
    @Order(1)
    void namekosPublisherReachesConsumeWithItsContext() throws Exception {
        JsonNode r = python(Map.of("mode", "publish", "context", Map.of("user_id", "u7", "language", "fr"),
                "bodies", List.of(Map.of("n", -1, "items", List.of(1, "x", true))), "routing_key", "to.java"));
        await("jarbiter consumed it").atMost(Duration.ofSeconds(30)).until(() -> lines().stream().anyMatch(l -> l.path("body").path("n").asInt() == -1));
        JsonNode got = lines().stream().filter(l -> l.path("body").path("n").asInt() == -1).findFirst().orElseThrow();
        assertEquals(JSON.readTree("{\"n\": -1, \"items\": [1, \"x\", true]}"), got.path("body"));
        assertEquals("u7", got.path("context_data").path("user_id").asText(), got.toString());
        assertEquals("fr", got.path("context_data").path("language").asText(), got.toString());
        JsonNode stack = got.path("call_id_stack");
        assertEquals(2, stack.size(), got.toString());
        assertEquals(r.path("call_ids").get(0).asText(), stack.get(0).asText(), "nameko's call is the parent");
        assertTrue(stack.get(1).asText().startsWith(MessagingService.NAME + ".received."), got.toString());
    }

    /** jarbiter's @Publisher, called over RPC with context data: nameko's @consume gets body, context and stack. */
    @Test
    @Order(2)
    void publisherReachesNamekosConsumeWithItsContext() throws Exception {
        try (ClusterRpcProxy rpc = ClusterRpcProxy.connect(Map.of("AMQP_URI", NamekoInteropIT.AMQP_URI), Map.of("user_id", "u8"), Duration.ofSeconds(30))) {
            assertEquals(true, rpc.service(MessagingService.NAME).call("send", Map.of("hello", "python")));
        }
        JsonNode r = python(Map.of("mode", "consume", "count", 1, "timeout", 30));
        JsonNode got = r.path("received").get(0);
        assertTrue(got != null, r.toString());
        assertEquals(JSON.readTree("{\"hello\": \"python\"}"), got.path("body"));
        assertEquals("u8", got.path("context_data").path("user_id").asText(), got.toString());
        JsonNode stack = got.path("call_id_stack");
        assertEquals(3, stack.size(), got.toString());
        assertTrue(stack.get(0).asText().startsWith("standalone_rpc_proxy.call."), got.toString());
        assertTrue(stack.get(1).asText().startsWith(MessagingService.NAME + ".send."), got.toString());
        assertTrue(stack.get(2).asText().startsWith("nameko_msg_consumer.receive."), got.toString());
    }

    /** 20 slow messages from nameko's Publisher while a worker is SIGKILLed mid-call: every one is handled. */
    @Test
    @Order(3)
    void everyMessageIsHandledThroughASigkillOfAWorker() throws Exception {
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (int i = 0; i < 20; i++) bodies.add(Map.of("n", i, "slow", 0.5));
        int before = Jarbiter.occurrences(jarbiter.log(), "slow message started");
        python(Map.of("mode", "publish", "context", Map.of(), "bodies", bodies, "routing_key", "to.java"));
        await("messages in flight").atMost(Duration.ofSeconds(60))
                .until(() -> Jarbiter.occurrences(jarbiter.log(), "slow message started") >= before + 4);
        long victim = jarbiter.workerPids().get(0);
        Jarbiter.signal(victim, "KILL");
        Set<Integer> expected = new TreeSet<>();
        for (int i = 0; i < 20; i++) expected.add(i);
        await("every message handled").atMost(Duration.ofSeconds(120)).until(() -> handled().containsAll(expected));
        await("the master replaced the killed worker").atMost(Duration.ofSeconds(60))
                .until(() -> jarbiter.workerPids().size() == 2 && !jarbiter.workerPids().contains(victim));
    }

    // ---------------------------------------------------------------- helpers

    static Set<Integer> handled() {
        Set<Integer> ns = new TreeSet<>();
        for (JsonNode l : lines()) if (l.path("body").has("slow")) ns.add(l.path("body").path("n").asInt());
        return ns;
    }

    static List<JsonNode> lines() {
        List<JsonNode> out = new ArrayList<>();
        for (String line : log(messages).lines().toList()) {
            try {
                out.add(JSON.readTree(line));
            } catch (IOException e) {
                // a line being written right now
            }
        }
        return out;
    }

    /** Runs nameko_messaging.py with {@code request} (plus the URI) and returns what it printed. */
    static JsonNode python(Map<String, Object> request) throws Exception {
        Map<String, Object> full = new java.util.HashMap<>(request);
        full.put("uri", pythonUri());
        Path out = Files.createTempFile(dir, "python-", ".json");
        ProcessBuilder pb = Processes.inOwnSession(List.of(PYTHON, SCRIPT.toString()))
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("python.log").toFile()));
        pb.environment().put("PYTHONPATH", PEER.resolve("src") + ":" + PEER);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        try {
            p.getOutputStream().write(JSON.writeValueAsBytes(full));
            p.getOutputStream().close();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nameko_messaging.py still running\n" + log(dir.resolve("python.log")));
            assertEquals(0, p.exitValue(), log(dir.resolve("python.log")));
            return JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Processes.killGroup(p);
        }
    }

    static void requireNameko() throws Exception {
        String missing = null;
        try {
            ProcessBuilder pb = new ProcessBuilder(PYTHON, "-c", "import nameko.messaging, nameko.testing.services").redirectErrorStream(true);
            pb.environment().put("PYTHONPATH", PEER.resolve("src") + ":" + PEER);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) missing = PYTHON + " cannot import nameko: " + out.strip();
        } catch (IOException e) {
            missing = "no " + PYTHON + ": " + e.getMessage();
        }
        if (missing == null) {
            try (ClusterRpcProxy probe = ClusterRpcProxy.connect(Map.of("AMQP_URI", NamekoInteropIT.AMQP_URI), Map.of(), Duration.ofSeconds(5))) {
                // the broker is reachable
            } catch (IOException e) {
                missing = "no RabbitMQ at " + NamekoInteropIT.AMQP_URI + ": " + e.getMessage();
            }
        }
        if (missing == null) return;
        if ("true".equals(System.getenv("CI"))) throw new AssertionError("live nameko messaging interop is required in CI: " + missing);
        org.junit.jupiter.api.Assumptions.abort(missing);
    }

    static com.rabbitmq.client.Connection raw() throws Exception {
        com.rabbitmq.client.ConnectionFactory f = new com.rabbitmq.client.ConnectionFactory();
        f.setUri(io.jarbiter.amqp.internal.AmqpSettings.javaUri(NamekoInteropIT.AMQP_URI));
        return f.newConnection("jarbiter-it-messaging");
    }

    static int consumers(String queue) throws Exception {
        try (com.rabbitmq.client.Connection c = raw(); com.rabbitmq.client.Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(queue).getConsumerCount();
        }
    }

    static void deleteTopology() {
        try (com.rabbitmq.client.Connection c = raw()) {
            for (String q : List.of(MessagingService.TO_JAVA, MessagingService.TO_PYTHON, "rpc-" + MessagingService.NAME)) {
                try (com.rabbitmq.client.Channel ch = c.createChannel()) {
                    ch.queueDelete(q);
                }
            }
            try (com.rabbitmq.client.Channel ch = c.createChannel()) {
                ch.exchangeDelete("jarbiter_interop_msg");
            }
        } catch (Exception e) {
            // nothing to clean up without a broker
        }
    }
}
