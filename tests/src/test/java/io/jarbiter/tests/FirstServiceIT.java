package io.jarbiter.tests;

import io.jarbiter.amqp.ClusterRpcProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Your first service" as the README tells it, from an empty folder: {@code jarbiter new}, an offline
 * {@code mvn package} against the artifacts {@code make install} (or {@code make test}) put in the local
 * Maven repository, then the service behind the real bin/jarbiter answering curl-like HTTP and
 * {@code jarbiter rpc}.
 */
@Timeout(300)
class FirstServiceIT {
    static final String AMQP_URI = System.getenv().getOrDefault("AMQP_URI", "amqp://guest:guest@localhost:5672/");

    @TempDir
    Path dir;

    @Test
    void newServiceBuildsOfflineAndAnswersHttpAndRpc() throws Exception {
        requireBroker();
        Run created = run(dir, Duration.ofSeconds(30), Jarbiter.BIN.toString(), "new", "todo");
        assertEquals(0, created.code, created.output);
        Path project = dir.resolve("todo");
        assertTrue(Files.exists(project.resolve("src/main/java/com/example/todo/TodoService.java")), created.output);

        Run build = run(project, Duration.ofSeconds(240), "mvn", "-o", "-B", "-ntp", "package");
        assertEquals(0, build.code, "an offline build of the new project (run 'make install' first):\n" + tail(build.output));
        assertTrue(build.output.contains("Tests run: 2, Failures: 0, Errors: 0"), "the template's own tests ran:\n" + tail(build.output));
        assertTrue(Files.exists(project.resolve("target/todo.jar")));

        Path app = project.resolve("app.yaml");
        Map<String, String> env = Map.of("BIND", "127.0.0.1:0", "AMQP_URI", AMQP_URI);
        try (Jarbiter j = Jarbiter.start(project, env, "--control-socket", dir.resolve("ctl").toString(),
                "--worker-tmp-dir", dir.toString(), app.toString())) {
            int port = j.awaitReady();
            assertEquals("Hello, Ann!", Http.get(port, "/hello/Ann").body());
            HttpResponse<String> post = Http.postJson(port, "/greetings", "{\"name\": \"Bob\"}");
            assertEquals(201, post.statusCode(), post.body());
            assertEquals("{\"greeting\":\"Hello, Bob!\"}", post.body());

            Run rpc = run(project, Duration.ofSeconds(60), Map.of("AMQP_URI", AMQP_URI),
                    Jarbiter.BIN.toString(), "rpc", "--config", app.toString(), "todo.hello", "[\"Ann\"]");
            assertEquals(0, rpc.code, rpc.output + "\n" + j.tail());
            assertEquals("\"Hello, Ann!\"", rpc.output.strip());

            j.signal("TERM");
            assertEquals(0, j.awaitExit(Duration.ofSeconds(40)), j.tail());
        } finally {
            deleteQueue("rpc-todo");
        }
    }

    @Test
    void newRefusesAFolderThatIsNotEmpty() throws Exception {
        Files.createDirectories(dir.resolve("todo"));
        Files.writeString(dir.resolve("todo/notes.txt"), "mine");
        Run created = run(dir, Duration.ofSeconds(30), Jarbiter.BIN.toString(), "new", "todo");
        assertEquals(1, created.code, created.output);
        assertTrue(created.output.contains("already exists and is not empty"), created.output);
        assertEquals(List.of(dir.resolve("todo/notes.txt")), Files.list(dir.resolve("todo")).toList(), "nothing was written into it");
    }

    private static void requireBroker() {
        try (ClusterRpcProxy rpc = ClusterRpcProxy.connect(Map.of("AMQP_URI", AMQP_URI), Map.of(), Duration.ofSeconds(10))) {
            // reachable
        } catch (Exception e) {
            if ("true".equals(System.getenv("CI"))) throw new AssertionError("RabbitMQ is required in CI: " + e.getMessage());
            org.junit.jupiter.api.Assumptions.abort("no RabbitMQ at " + AMQP_URI + ": " + e.getMessage());
        }
    }

    private static void deleteQueue(String queue) {
        com.rabbitmq.client.ConnectionFactory f = new com.rabbitmq.client.ConnectionFactory();
        try {
            f.setUri(io.jarbiter.amqp.internal.AmqpSettings.javaUri(AMQP_URI));
            try (com.rabbitmq.client.Connection c = f.newConnection("jarbiter-it-cleanup"); com.rabbitmq.client.Channel ch = c.createChannel()) {
                ch.queueDelete(queue);
            }
        } catch (Exception e) {
            // no broker: nothing was declared
        }
    }

    record Run(int code, String output) {}

    static Run run(Path cwd, Duration atMost, String... cmd) throws IOException, InterruptedException {
        return run(cwd, atMost, Map.of(), cmd);
    }

    /** Runs a command in its own session to completion (bounded); its whole process group dies on timeout. */
    static Run run(Path cwd, Duration atMost, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(cwd, ".run-", ".log");
        Process p = Processes.inOwnSession(List.of(cmd), env).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(String.join(" ", cmd) + " still running after " + atMost + ":\n" + tail(Files.readString(out)));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Processes.killGroup(p);
            Files.deleteIfExists(out);
        }
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
}
