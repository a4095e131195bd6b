package io.jarbiter.web;

import io.jarbiter.container.Service;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;
import io.jarbiter.testing.ContainerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** @Http over a real socket: routing, binding, return conventions, errors, queueing. */
@Timeout(60)
class HttpEntrypointTest {
    static final CountDownLatch[] GATE = new CountDownLatch[1];

    public static class Unhappy extends RuntimeException {
        public Unhappy(String m) {
            super(m);
        }
    }

    public record Order(String item, int quantity) {}

    @Service("web")
    public static class WebService {
        @Http(path = "/greet/{name}")
        public String greet(String name, String punctuation) {
            return "Hello, " + name + (punctuation == null ? "!" : punctuation);
        }

        @Http(path = "/square/{n}")
        public long square(long n) {
            return n * n;
        }

        @Http(method = "GET", path = "/id/{id}")
        public String id(UUID id) {
            return id.toString();
        }

        @Http(method = "POST,PUT", path = "/orders")
        public Response order(Order order, Request request) {
            return Response.of(201, Map.of("X-Method", request.method()), Map.of("item", order.item(), "total", order.quantity() * 2));
        }

        @Http(path = "/nothing")
        public void nothing() {
        }

        @Http(path = "/unhappy", expectedExceptions = Unhappy.class)
        public String unhappy() {
            throw new Unhappy("not today");
        }

        @Http(path = "/thread")
        public String thread() {
            return Thread.currentThread().getName();
        }

        @Http(path = "/thread-io", nonBlocking = true)
        public String threadIo() {
            return Thread.currentThread().getName();
        }

        @Http(path = "/stuck-io", nonBlocking = true)
        public String stuckIo() throws InterruptedException {
            GATE[0].await(30, TimeUnit.SECONDS); // what a non-blocking entrypoint must never do
            return "unstuck";
        }

        @Http(path = "/crash-io", nonBlocking = true)
        public String crashIo() {
            throw new IllegalStateException("inline internals");
        }

        @Http(path = "/crash")
        public String crash() {
            throw new IllegalStateException("secret internals");
        }

        @Http(path = "/gate")
        public String gate() throws InterruptedException {
            GATE[0].await(30, TimeUnit.SECONDS);
            return "through";
        }
    }

    @Service("bad_template")
    public static class BadTemplate {
        @Http(path = "/x/{id")
        public String x(String id) {
            return id;
        }
    }

    @Service("two_bodies")
    public static class TwoBodies {
        @Http(method = "POST", path = "/x")
        public String x(Order a, Order b) {
            return "";
        }
    }

    ContainerFactory factory;
    ServiceContainer container;
    int port;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() throws Exception {
        factory = new ContainerFactory();
        ServiceContainer c = factory.create(WebService.class, Map.of("max_workers", 1));
        c.start();
        container = c;
        port = factory.httpPort();
    }

    @AfterEach
    void tearDown() {
        factory.close();
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pathAndQueryParametersBindByName() throws Exception {
        HttpResponse<String> r = send("GET", "/greet/Ann", null);
        assertEquals(200, r.statusCode());
        assertEquals("Hello, Ann!", r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertEquals("Hello, Ann?", send("GET", "/greet/Ann?punctuation=%3F", null).body());
        assertEquals("144", send("GET", "/square/12", null).body(), "non-String results are JSON");
    }

    @Test
    void badParametersAndBodiesAre400NotDeadWorkers() throws Exception {
        HttpResponse<String> r = send("GET", "/square/twelve", null);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("'n' must be long"), r.body());
        assertEquals(400, send("GET", "/id/not-a-uuid", null).statusCode());
        assertEquals(400, send("POST", "/orders", "{not json").statusCode());
        assertEquals(200, send("GET", "/square/3", null).statusCode(), "still serving");
    }

    @Test
    void responseObjectsJsonBodiesAndMethods() throws Exception {
        HttpResponse<String> r = send("PUT", "/orders", "{\"item\":\"tea\",\"quantity\":3}");
        assertEquals(201, r.statusCode());
        assertEquals("PUT", r.headers().firstValue("X-Method").orElseThrow());
        assertTrue(r.body().contains("\"total\":6"), r.body());
        assertEquals(204, send("GET", "/nothing", null).statusCode());
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithAllow() throws Exception {
        assertEquals(404, send("GET", "/nope", null).statusCode());
        HttpResponse<String> r = send("DELETE", "/orders", null);
        assertEquals(405, r.statusCode());
        assertEquals("POST, PUT", r.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void expectedExceptionsAre400AndOthers500WithoutInternals() throws Exception {
        HttpResponse<String> expected = send("GET", "/unhappy", null);
        assertEquals(400, expected.statusCode());
        assertEquals("{\"error\":\"Unhappy\",\"message\":\"not today\"}", expected.body());
        HttpResponse<String> crash = send("GET", "/crash", null);
        assertEquals(500, crash.statusCode());
        assertTrue(crash.body().contains("IllegalStateException") && !crash.body().contains("at io.jarbiter"), crash.body());
    }

    @Test
    void requestsBeyondMaxWorkersQueueInsteadOfFailing() throws Exception {
        GATE[0] = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pending.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/gate"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        assertThrows(java.util.concurrent.TimeoutException.class, () -> pending.get(0).get(200, TimeUnit.MILLISECONDS));
        GATE[0].countDown();
        for (CompletableFuture<HttpResponse<String>> p : pending) assertEquals("through", p.get(20, TimeUnit.SECONDS).body());
    }

    @Test
    void nonBlockingEntrypointsRunOnTheIoThreadOutsideTheWorkerSlots() throws Exception {
        assertTrue(send("GET", "/thread", null).body().startsWith("web-worker-"), "the default: a container worker thread");
        GATE[0] = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> holding = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/gate"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        try {
            // the only max_workers slot is taken, yet the non-blocking call is answered, by an IO thread
            String io = send("GET", "/thread-io", null).body();
            assertTrue(io.startsWith("XNIO-"), "ran on " + io);
            HttpResponse<String> crash = send("GET", "/crash-io", null);
            assertEquals(500, crash.statusCode());
            assertTrue(crash.body().contains("IllegalStateException"), crash.body());
        } finally {
            GATE[0].countDown();
        }
        assertEquals("through", holding.get(20, TimeUnit.SECONDS).body());
    }

    /** A non-blocking call that blocks anyway holds an IO thread: the heartbeat must see the worker as stuck. */
    @Test
    void aStuckNonBlockingCallMakesTheWorkerStuck() throws Exception {
        GATE[0] = new CountDownLatch(1);
        assertTrue(container.makingProgress(1_000_000L));
        CompletableFuture<HttpResponse<String>> stuck = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stuck-io"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> !container.makingProgress(50_000_000L));
            assertTrue(container.makingProgress(Duration.ofSeconds(60).toNanos()), "not yet stuck for a minute");
        } finally {
            GATE[0].countDown();
        }
        assertEquals("unstuck", stuck.get(20, TimeUnit.SECONDS).body());
        assertTrue(container.makingProgress(1_000_000L), "the slot is free again");
    }

    @Test
    void invalidDefinitionsFailWithClassAndMember() {
        ServiceDefinitionException bad = assertThrows(ServiceDefinitionException.class, () -> factory.create(BadTemplate.class, Map.of()));
        assertTrue(bad.getMessage().contains("BadTemplate.x(String)") && bad.getMessage().contains("unclosed '{'"), bad.getMessage());
        ServiceDefinitionException two = assertThrows(ServiceDefinitionException.class, () -> factory.create(TwoBodies.class, Map.of()));
        assertTrue(two.getMessage().contains("only one parameter can take the JSON body"), two.getMessage());
    }
}
