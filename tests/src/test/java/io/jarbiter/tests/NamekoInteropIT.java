package io.jarbiter.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jarbiter.amqp.ClusterRpcProxy;
import io.jarbiter.amqp.IncorrectSignature;
import io.jarbiter.amqp.MethodNotFound;
import io.jarbiter.amqp.RemoteError;
import io.jarbiter.amqp.RpcTimeout;
import io.jarbiter.amqp.ServiceProxy;
import io.jarbiter.amqp.UnknownService;
import io.jarbiter.tests.app.InteropService;
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
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jarbiter and real Python nameko 2.14 on one broker, both ways: the peer at {@code ../shared/peers/nameko}
 * (or {@code $NAMEKO_PEER}) runs nameko's own service runner, and Python calls go through nameko's own
 * standalone ClusterRpcProxy ({@code tests/src/test/python/nameko_calls.py}). Skipped locally when python3
 * with nameko's Debian packages or the peer is missing; a failure under {@code CI=true}.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NamekoInteropIT {
    static final String AMQP_URI = System.getenv().getOrDefault("AMQP_URI", "amqp://guest:guest@localhost:5672/");
    static final Path PEER = Path.of(System.getenv().getOrDefault("NAMEKO_PEER", Jarbiter.HOME.resolve("../shared/peers/nameko").toString())).normalize();
    static final Path CALLS_SCRIPT = Jarbiter.HOME.resolve("tests/src/test/python/nameko_calls.py");
    static final String PEER_NAME = "nameko_peer";
    /** Debian's python3, which has nameko's dependencies as Debian packages (the peer's own default too). */
    static final String PYTHON = System.getenv().getOrDefault("PYTHON", "/usr/bin/python3");
    static final ObjectMapper JSON = new ObjectMapper();

    static Path dir;
    static Process peer;
    static Jarbiter jarbiter;
    static ClusterRpcProxy rpc;
    static Path javaEvents;
    static Path pythonEvents;

    @BeforeAll
    static void startBothSides() throws Exception {
        requirePeer();
        dir = Files.createTempDirectory("jarbiter-interop-");
        rpc = ClusterRpcProxy.connect(Map.of("AMQP_URI", AMQP_URI), Map.of(), Duration.ofSeconds(30));
        deleteQueues();
        pythonEvents = dir.resolve("python-events.jsonl");
        ProcessBuilder pb = Processes.inOwnSession(List.of(PEER.resolve("run-peer.sh").toString(), "run"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("peer.log").toFile());
        pb.environment().putAll(Map.of("PEER_STATE_DIR", dir.resolve("peer").toString(), "NAMEKO_AMQP_URI", pythonUri(),
                "PEER_EVENTS", InteropService.NAME + ":greeted", "PEER_EVENTS_FILE", pythonEvents.toString()));
        peer = pb.start();
        ServiceProxy python = rpc.service(PEER_NAME).withTimeout(Duration.ofSeconds(2));
        await("the nameko peer answers echo\n" + log(dir.resolve("peer.log"))).atMost(Duration.ofSeconds(90))
                .ignoreExceptions().until(() -> "up".equals(python.call("echo", "up")));

        javaEvents = dir.resolve("java-events.txt");
        Path app = Jarbiter.testApp(dir, "AMQP_URI: " + AMQP_URI + "\nevents_file: " + javaEvents + "\n");
        Files.writeString(app, Files.readString(app).replace("io.jarbiter.tests.app.TestService", InteropService.class.getName())
                .replace("workers: 1", "workers: 2"));
        jarbiter = Jarbiter.start(dir, Map.of(), app.toString());
        jarbiter.awaitReady();
        ServiceProxy java = rpc.service(InteropService.NAME).withTimeout(Duration.ofSeconds(2));
        await("jarbiter answers echo").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> "up".equals(java.call("echo", "up")));
    }

    @AfterAll
    static void stopBothSides() throws Exception {
        if (jarbiter != null) jarbiter.close();
        if (peer != null) {
            Processes.killGroup(peer);
        }
        if (rpc != null) {
            deleteQueues();
            rpc.close();
        }
        if (dir != null) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @Test
    @Order(1)
    void pythonCallsJavaWithArgsAndKwargs() throws Exception {
        JsonNode r = python(30, Map.of(), call(InteropService.NAME, "add", List.of(1, 2), Map.of()),
                call(InteropService.NAME, "add", List.of(), Map.of("a", 2, "b", 3)),
                call(InteropService.NAME, "add", List.of(1), Map.of("b", 5)),
                call(InteropService.NAME, "echo", List.of(Map.of("a", List.of(1, "x", true))), Map.of()));
        assertEquals(3, r.get(0).get("result").asInt(), r.toString());
        assertEquals(5, r.get(1).get("result").asInt(), r.toString());
        assertEquals(6, r.get(2).get("result").asInt(), r.toString());
        assertEquals(JSON.readTree("{\"a\": [1, \"x\", true]}"), r.get(3).get("result"), r.toString());
    }

    @Test
    @Order(2)
    void pythonSeesNamekosErrorTypesFromJava() throws Exception {
        JsonNode r = python(30, Map.of(), call(InteropService.NAME, "fail", List.of("boom"), Map.of()),
                call(InteropService.NAME, "failExpected", List.of("careful"), Map.of()),
                call(InteropService.NAME, "no_such_method", List.of(), Map.of()),
                call(InteropService.NAME, "add", List.of(1), Map.of()),
                call("no_such_service_" + ProcessHandle.current().pid(), "x", List.of(), Map.of()));
        assertEquals("IllegalStateException", r.get(0).path("error").asText(), r.toString());
        assertEquals("boom", r.get(0).path("value").asText(), r.toString());
        assertEquals("InteropError", r.get(1).path("error").asText(), r.toString());
        assertEquals("MethodNotFound", r.get(2).path("error").asText(), r.toString());
        assertEquals("IncorrectSignature", r.get(3).path("error").asText(), r.toString());
        assertTrue(r.get(4).has("unknown_service"), r.toString());
    }

    @Test
    @Order(3)
    void pythonTimesOutOnASlowJavaCall() throws Exception {
        JsonNode r = python(1, Map.of(), call(InteropService.NAME, "slow", List.of(4), Map.of()));
        assertTrue(r.get(0).has("timeout"), r.toString());
    }

    @Test
    @Order(4)
    void javaCallsPythonWithArgsKwargsErrorsAndTimeouts() {
        ServiceProxy python = rpc.service(PEER_NAME);
        assertEquals(3, ((Number) python.call("add", List.of(1), Map.of("b", 2))).intValue());
        assertEquals(List.of(1, "x"), python.call("echo", List.of(1, "x")));
        RemoteError unexpected = assertThrows(RemoteError.class, () -> python.call("raise_error", "bad"));
        assertEquals("ValueError", unexpected.excType());
        assertEquals("bad", unexpected.value());
        RemoteError expected = assertThrows(RemoteError.class, () -> python.call("raise_error", List.of("careful"), Map.of("expected", true)));
        assertEquals("PeerError", expected.excType());
        assertThrows(MethodNotFound.class, () -> python.call("no_such_method"));
        assertThrows(IncorrectSignature.class, () -> python.call("add", 1));
        assertThrows(RpcTimeout.class, () -> python.withTimeout(Duration.ofSeconds(1)).call("slow", 4));
        assertThrows(UnknownService.class, () -> rpc.service("no_such_service_" + ProcessHandle.current().pid()).call("x"));
    }

    /** Python -> Java -> Python: context data and the call-id stack travel through jarbiter's in-service proxy. */
    @Test
    @Order(5)
    void contextDataAndCallIdStackCrossAPythonJavaPythonRelay() throws Exception {
        JsonNode r = python(30, Map.of("language", "fr", "user_id", "u7"),
                call(InteropService.NAME, "relay", List.of("get_context", List.of()), Map.of()));
        JsonNode ctx = r.get(0).get("result");
        assertTrue(ctx != null, r.toString());
        assertEquals("fr", ctx.path("context_data").path("language").asText(), ctx.toString());
        assertEquals("u7", ctx.path("context_data").path("user_id").asText(), ctx.toString());
        List<String> stack = new ArrayList<>();
        ctx.path("call_id_stack").forEach(n -> stack.add(n.asText()));
        assertEquals(3, stack.size(), stack.toString());
        assertTrue(stack.get(0).startsWith("standalone_rpc_proxy.call."), stack.toString());
        assertTrue(stack.get(1).startsWith(InteropService.NAME + ".relay."), stack.toString());
        assertTrue(stack.get(2).startsWith(PEER_NAME + ".get_context."), stack.toString());
        assertEquals(stack.get(2), ctx.path("call_id").asText());
    }

    /** nameko's EventDispatcher in Python reaches one handler of each type in jarbiter's two workers. */
    @Test
    @Order(6)
    void pythonEventsReachEveryJavaHandlerType() throws Exception {
        assertEquals(true, rpc.service(PEER_NAME).call("dispatch", "ping", Map.of("n", 1)));
        await("each handler type ran").atMost(Duration.ofSeconds(30))
                .until(() -> count("service_pool") >= 1 && count("singleton") >= 1 && count("broadcast") >= 2);
        assertEquals(1, count("service_pool"), log(javaEvents));
        assertEquals(1, count("singleton"), log(javaEvents));
        List<String> broadcast = log(javaEvents).lines().filter(l -> l.startsWith("broadcast ")).map(l -> l.split(" ")[1]).sorted().toList();
        assertEquals(jarbiter.workerPids().stream().map(String::valueOf).sorted().toList(), broadcast, "one broadcast per worker");
    }

    @Test
    @Order(7)
    void javaEventsReachThePythonHandler() throws Exception {
        assertEquals(true, rpc.service(InteropService.NAME).call("dispatch", "greeted", "Ann"));
        await("the peer recorded the event").atMost(Duration.ofSeconds(30)).until(() -> log(pythonEvents).contains("\"Ann\""));
        JsonNode event = JSON.readTree(log(pythonEvents).lines().filter(l -> l.contains("\"Ann\"")).findFirst().orElseThrow());
        assertEquals(InteropService.NAME, event.path("source_service").asText());
        assertEquals("greeted", event.path("event_type").asText());
        List<String> stack = new ArrayList<>();
        event.path("context").path("call_id_stack").forEach(n -> stack.add(n.asText()));
        assertTrue(stack.size() == 3 && stack.get(1).startsWith(InteropService.NAME + ".dispatch."), event.toString());
    }

    /** 40 calls from nameko's standalone proxy in flight while one of the two workers is SIGKILLed: every one is answered. */
    @Test
    @Order(8)
    void everyPythonCallIsAnsweredThroughASigkillOfAWorker() throws Exception {
        List<Map<String, Object>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) calls.add(call(InteropService.NAME, "slow", List.of(1), Map.of()));
        Process client = startPython(90, Map.of(), calls);
        int before = Jarbiter.occurrences(jarbiter.log(), "slow call started");
        await("calls in flight in both workers").atMost(Duration.ofSeconds(60))
                .until(() -> Jarbiter.occurrences(jarbiter.log(), "slow call started") >= before + 10);
        long victim = jarbiter.workerPids().get(0);
        Jarbiter.signal(victim, "KILL");
        JsonNode r = finish(client, Duration.ofSeconds(120));
        assertEquals(40, r.size());
        for (int i = 0; i < r.size(); i++) assertEquals(1.0, r.get(i).path("result").asDouble(), "call " + i + ": " + r);
        await("the master replaced the killed worker").atMost(Duration.ofSeconds(60))
                .until(() -> jarbiter.workerPids().size() == 2 && !jarbiter.workerPids().contains(victim));
    }

    /** {@code jarbiter shell} driven by a script on stdin: n calls both sides and dispatches an event. */
    @Test
    @Order(9)
    void shellCallsBothSidesAndDispatchesAnEvent() throws Exception {
        Path app = dir.resolve("app.yaml");
        String script = "System.out.println(\"java=\" + n.rpc(\"" + InteropService.NAME + "\").call(\"add\", 1, 2));\n"
                + "System.out.println(\"python=\" + n.rpc(\"" + PEER_NAME + "\").call(\"add\", 3, 4));\n"
                + "n.dispatchEvent(\"" + PEER_NAME + "\", \"ping\", Map.of(\"from\", \"shell\"));\n";
        Path stdin = Files.writeString(dir.resolve("script.jsh"), script);
        Path out = dir.resolve("shell.out");
        Process shell = Processes.inOwnSession(List.of(Jarbiter.BIN.toString(), "shell", "--config", app.toString()))
                .redirectInput(stdin.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            assertTrue(shell.waitFor(120, TimeUnit.SECONDS), "jarbiter shell still running:\n" + log(out));
            assertEquals(0, shell.exitValue(), log(out));
        } finally {
            Processes.killGroup(shell);
        }
        assertTrue(log(out).contains("java=3") && log(out).contains("python=7"), log(out));
        await("a Java handler got the shell's event").atMost(Duration.ofSeconds(30))
                .until(() -> log(javaEvents).lines().anyMatch(l -> l.startsWith("service_pool ") && l.contains("from=shell")));
    }

    // ---------------------------------------------------------------- helpers

    static Map<String, Object> call(String service, String method, List<?> args, Map<String, ?> kwargs) {
        return Map.of("service", service, "method", method, "args", args, "kwargs", kwargs);
    }

    static JsonNode python(int timeoutSeconds, Map<String, Object> context, Map<String, Object>... calls) throws Exception {
        return finish(startPython(timeoutSeconds, context, List.of(calls)), Duration.ofSeconds(timeoutSeconds + 60));
    }

    static Process startPython(int timeoutSeconds, Map<String, Object> context, List<Map<String, Object>> calls) throws IOException {
        Path out = Files.createTempFile(dir, "calls-", ".json");
        ProcessBuilder pb = Processes.inOwnSession(List.of(PYTHON, CALLS_SCRIPT.toString()))
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("python-client.log").toFile()));
        pb.environment().put("PYTHONPATH", PEER.resolve("src") + ":" + PEER);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        p.getOutputStream().write(JSON.writeValueAsBytes(Map.of("uri", pythonUri(), "timeout", timeoutSeconds, "context", context, "calls", calls)));
        p.getOutputStream().close();
        outputs.put(p.pid(), out);
        return p;
    }

    static final Map<Long, Path> outputs = new java.util.concurrent.ConcurrentHashMap<>();

    static JsonNode finish(Process p, Duration atMost) throws Exception {
        try {
            if (!p.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) throw new AssertionError("nameko_calls.py still running after " + atMost);
            String out = Files.readString(outputs.get(p.pid()), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out + "\n" + log(dir.resolve("python-client.log")));
            return JSON.readTree(out);
        } finally {
            Processes.killGroup(p);
        }
    }

    static long count(String handler) {
        return log(javaEvents).lines().filter(l -> l.startsWith(handler + " ")).count();
    }

    /** kombu's spelling of AMQP_URI: pyamqp://, and '//' for the default vhost. */
    static String pythonUri() {
        String u = AMQP_URI.replaceFirst("^amqp://", "pyamqp://");
        return u.endsWith(":5672/") || u.matches("pyamqp://[^/]+/") ? u + "/" : u;
    }

    static void requirePeer() throws InterruptedException {
        String missing = null;
        if (!Files.exists(PEER.resolve("run-peer.sh"))) {
            missing = "no nameko peer at " + PEER + " (set NAMEKO_PEER)";
        } else {
            try {
                Process p = new ProcessBuilder(PEER.resolve("run-peer.sh").toString(), "setup").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) missing = "the nameko peer cannot run: " + out.strip();
            } catch (IOException e) {
                missing = "the nameko peer cannot run: " + e.getMessage();
            }
        }
        if (missing == null) {
            try (ClusterRpcProxy probe = ClusterRpcProxy.connect(Map.of("AMQP_URI", AMQP_URI), Map.of(), Duration.ofSeconds(5))) {
                // the broker is reachable
            } catch (IOException e) {
                missing = "no RabbitMQ at " + AMQP_URI + ": " + e.getMessage();
            }
        }
        if (missing == null) return;
        if ("true".equals(System.getenv("CI"))) throw new AssertionError("live nameko interop is required in CI: " + missing);
        org.junit.jupiter.api.Assumptions.abort(missing);
    }

    static void deleteQueues() {
        com.rabbitmq.client.ConnectionFactory f = new com.rabbitmq.client.ConnectionFactory();
        try {
            f.setUri(io.jarbiter.amqp.internal.AmqpSettings.javaUri(AMQP_URI));
            try (com.rabbitmq.client.Connection c = f.newConnection("jarbiter-it-cleanup")) {
                for (String q : List.of("rpc-" + InteropService.NAME, "rpc-" + PEER_NAME, "evt-nameko_peer-ping",
                        "evt-nameko_peer-ping--" + InteropService.NAME + ".onPingPool", "evt-" + InteropService.NAME + "-greeted--" + PEER_NAME + ".on_" + InteropService.NAME + "__greeted")) {
                    try (com.rabbitmq.client.Channel ch = c.createChannel()) {
                        ch.queueDelete(q);
                    }
                }
            }
        } catch (Exception e) {
            // nothing to clean up without a broker
        }
    }

    static String log(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
