package io.jarbiter.worker.internal;

import io.jarbiter.web.WebServer;
import io.jarbiter.web.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The boot-time warm-up against a real undertow on a real socket. */
@Timeout(60)
class WarmUpTest {
    @Test
    void everyWarmUpRequestIsAnsweredOverOneKeepAliveConnection() {
        WebServer router = new WebServer();
        AtomicInteger called = new AtomicInteger();
        router.register(Route.compile("/hello", "GET", (exchange, vars) -> called.incrementAndGet()));
        assertFalse(router.routes(WarmUp.PATH), "no route takes the warm-up path");
        try (WebServer.Listening server = router.listen("127.0.0.1", 0)) {
            assertEquals(WarmUp.REQUESTS, WarmUp.run(server.port(), WarmUp.REQUESTS, Duration.ofSeconds(30)));
        }
        assertEquals(0, called.get(), "warm-up requests reach no entrypoint");
    }

    @Test
    void aRouteThatWouldTakeTheWarmUpPathIsSeen() {
        WebServer router = new WebServer();
        router.register(Route.compile("/{a}/{b}", "GET", (exchange, vars) -> { }));
        assertTrue(router.routes(WarmUp.PATH), "the worker then skips the warm-up rather than call the application");
    }

    @Test
    void aServerThatDoesNotAnswerEndsTheWarmUpWithinItsBudget() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            long start = System.nanoTime();
            assertEquals(0, WarmUp.run(silent.getLocalPort(), WarmUp.REQUESTS, Duration.ofMillis(300)));
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "bounded by the budget (socket timeout)");
        }
    }
}
