package io.jarbiter.tests;

import io.jarbiter.amqp.ClusterRpcProxy;
import io.jarbiter.amqp.ServiceProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RPC through real worker processes: at-least-once under SIGKILL, drain on TERM, the rpc command. */
@Timeout(180)
class AmqpIT {
    static final String URI = System.getenv().getOrDefault("AMQP_URI", "amqp://guest:guest@localhost:5672/");

    @TempDir
    Path dir;
    ClusterRpcProxy rpc;

    @BeforeEach
    void broker() throws Exception {
        try {
            rpc = ClusterRpcProxy.connect(Map.of("AMQP_URI", URI), Map.of(), Duration.ofSeconds(90));
        } catch (java.io.IOException e) {
            if ("true".equals(System.getenv("CI"))) throw new AssertionError("RabbitMQ is required in CI: " + e.getMessage());
            org.junit.jupiter.api.Assumptions.abort("no RabbitMQ at " + URI + ": " + e.getMessage());
        }
    }

    /** Deletes what these tests (and the example app) declared, so no message outlives a test. */
    @AfterEach
    void close() throws Exception {
        if (rpc != null) rpc.close();
        try (com.rabbitmq.client.Connection c = connect("jarbiter-it-cleanup")) {
            for (String q : List.of("rpc-jarbiter_it_slow", "rpc-greeting_service", "evt-greeting_service-greeted--greeted_logger.onGreeted")) {
                try (com.rabbitmq.client.Channel ch = c.createChannel()) {
                    ch.queueDelete(q);
                }
            }
            try (com.rabbitmq.client.Channel ch = c.createChannel()) {
                ch.exchangeDelete("greeting_service.events");
            }
        } catch (java.io.IOException | java.util.concurrent.TimeoutException e) {
            // no broker: the tests were skipped
        }
    }

    Path slowApp() throws Exception {
        Path app = Jarbiter.testApp(dir, "AMQP_URI: " + URI + "\nmax_workers: 3\n");
        Files.writeString(app, Files.readString(app).replace("io.jarbiter.tests.app.TestService", "io.jarbiter.tests.app.SlowRpcService")
                .replace("workers: 1", "workers: 2"));
        return app;
    }

    List<CompletableFuture<Object>> fire(int count, long millis) {
        ServiceProxy slow = rpc.service("jarbiter_it_slow");
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) calls.add(slow.callAsync("slow", (long) i, millis));
        return calls;
    }

    static void assertAllAnswered(List<CompletableFuture<Object>> calls) throws Exception {
        for (int i = 0; i < calls.size(); i++) {
            assertEquals((long) i, ((Number) calls.get(i).get(90, TimeUnit.SECONDS)).longValue(), "call " + i);
        }
    }

    @Test
    void everyCallIsAnsweredWhenAWorkerIsKilledMidCall() throws Exception {
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), slowApp().toString())) {
            j.awaitReady();
            List<CompletableFuture<Object>> calls = fire(24, 400);
            j.awaitLog("slow call", 4, Duration.ofSeconds(30));
            long victim = j.workerPids().get(0);
            Jarbiter.signal(victim, "KILL");
            assertAllAnswered(calls);
            assertTrue(j.log().contains("Worker (pid:" + victim + ") was sent KILL"), j.tail());
        }
    }

    @Test
    void termDrainsInFlightCallsBeforeTheWorkersExit() throws Exception {
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), slowApp().toString())) {
            j.awaitReady();
            List<CompletableFuture<Object>> calls = fire(6, 1500);
            j.awaitLog("slow call", 6, Duration.ofSeconds(30));
            j.signal("TERM");
            assertAllAnswered(calls);
            assertEquals(0, j.awaitExit(Duration.ofSeconds(60)), j.tail());
        }
        assertEquals(0, requestsLeftIn("rpc-jarbiter_it_slow"), "every answered request was acked before the workers closed");
    }

    /** Ready plus unacked messages of {@code queue} (unacked ones count once their connection is gone). */
    static long requestsLeftIn(String queue) throws Exception {
        try (com.rabbitmq.client.Connection c = connect("jarbiter-it-check"); com.rabbitmq.client.Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        }
    }

    /** A plain amqp-client connection to {@code AMQP_URI}, for declaring, deleting and counting outside jarbiter. */
    static com.rabbitmq.client.Connection connect(String name) throws Exception {
        com.rabbitmq.client.ConnectionFactory f = new com.rabbitmq.client.ConnectionFactory();
        f.setUri(io.jarbiter.amqp.internal.AmqpSettings.javaUri(URI));
        return f.newConnection(name);
    }

    @Test
    void rpcCommandCallsTheExampleAndEventsReachTheHandler() throws Exception {
        Path app = Jarbiter.HOME.resolve("examples/amqp.yaml");
        try (Jarbiter j = Jarbiter.start(dir, Map.of("BIND", "127.0.0.1:0", "AMQP_URI", URI),
                "--control-socket", dir.resolve("jarbiter.ctl").toString(), app.toString())) {
            j.awaitReady();
            Process call = new ProcessBuilder(Jarbiter.BIN.toString(), "rpc", "--config", app.toString(),
                    "greeting_service.hello", "[\"Ann\"]").redirectErrorStream(false).start();
            String out = new String(call.getInputStream().readAllBytes()).trim();
            assertTrue(call.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, call.exitValue(), out);
            assertEquals("\"Hello, Ann!\"", out);
            j.awaitLog("Ann was greeted", 1, Duration.ofSeconds(20));
            Process bad = new ProcessBuilder(Jarbiter.BIN.toString(), "rpc", "--broker", URI, "greeting_service.nope").start();
            String err = new String(bad.getErrorStream().readAllBytes()).trim();
            assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, bad.exitValue());
            assertEquals("MethodNotFound: nope", err);
        }
    }
}
