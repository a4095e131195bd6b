package io.jarbiter.worker.internal;

import io.jarbiter.web.WebServer;
import io.jarbiter.web.Route;
import io.jarbiter.process.ConnectionBoard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

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
            assertEquals(WarmUp.REQUESTS, WarmUp.run(server.port(), WarmUp.REQUESTS, Duration.ofSeconds(30), () -> true));
        }
        assertEquals(0, called.get(), "warm-up requests reach no entrypoint");
    }

    @Test
    void theWarmUpIsSkippedWhileTheOtherWorkersAreIdle() {
        WebServer router = new WebServer();
        try (WebServer.Listening server = router.listen("127.0.0.1", 0)) {
            assertEquals(0, WarmUp.run(server.port(), WarmUp.REQUESTS, Duration.ofSeconds(30), () -> false));
            AtomicInteger asked = new AtomicInteger();
            assertEquals(2 * WarmUp.BATCH, WarmUp.run(server.port(), WarmUp.REQUESTS, Duration.ofSeconds(30), () -> asked.incrementAndGet() < 3),
                    "asked before every batch, stopped when the traffic went");
        }
    }

    /** The traffic a booting worker reads off a real connection board (a file, as the master shares it). */
    @Test
    void otherWorkersAreBusyWhileTheyHoldConnectionsOrAcceptedOneRecently(@TempDir Path dir) throws Exception {
        ConnectionBoard board = ConnectionBoard.create(Files.createFile(dir.resolve("board")));
        board.claim(); // this worker's slot: not accepting while it boots
        int serving = board.claim(), draining = board.claim();
        board.accepting(serving, true);
        board.publish(draining, 3, 9); // holds connections but no longer accepts: finishing, not taking traffic
        AtomicLong now = new AtomicLong(System.nanoTime());
        BooleanSupplier busy = InheritedListeners.othersBusy(board, now::get);
        assertFalse(busy.getAsBoolean(), "idle: no connection held, none accepted");
        board.publish(serving, 0, 1);
        now.set(System.nanoTime());
        assertTrue(busy.getAsBoolean(), "a connection accepted just now (connection per request)");
        now.addAndGet(ConnectionBoard.TRAFFIC_WINDOW_NANOS); // the stamp was taken before now was read
        assertFalse(busy.getAsBoolean(), "that accept is older than the window: the master would read idle too");
        board.publish(serving, 2, 1);
        assertTrue(busy.getAsBoolean(), "connections held (keep-alive), however long ago accepted");
        assertTrue(InheritedListeners.othersBusy(null, now::get).getAsBoolean(), "no board: the warm-up runs in full");
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
            assertEquals(0, WarmUp.run(silent.getLocalPort(), WarmUp.REQUESTS, Duration.ofMillis(300), () -> true));
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "bounded by the budget (socket timeout)");
        }
    }
}
