package io.jarbiter.container;

import io.jarbiter.testing.ContainerFactory;
import io.jarbiter.testing.Testing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The container's semantics, proven with latches holding work in flight; no sleeping. */
@Timeout(60)
class ServiceContainerTest {
    static final CountDownLatch[] GATE = new CountDownLatch[1];
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger MAX_RUNNING = new AtomicInteger();

    @Service("recorder")
    public static class RecorderService {
        @Recorded
        String dep;

        @Manual
        public String work(String input) throws InterruptedException {
            Recorded.EVENTS.add("method " + input);
            int now = RUNNING.incrementAndGet();
            MAX_RUNNING.accumulateAndGet(now, Math::max);
            try {
                if (GATE[0] != null) GATE[0].await(30, TimeUnit.SECONDS);
            } finally {
                RUNNING.decrementAndGet();
            }
            if (input.equals("bad")) throw new IllegalArgumentException("bad input");
            return "done " + input;
        }
    }

    @Service("failing_setup")
    public static class FailingSetupService {
        @Recorded(failIn = "workerSetup")
        String dep;

        @Manual
        public String work(String input) {
            return input;
        }
    }

    ContainerFactory factory;

    @BeforeEach
    void setUp() {
        Recorded.EVENTS.clear();
        GATE[0] = null;
        RUNNING.set(0);
        MAX_RUNNING.set(0);
        factory = new ContainerFactory();
    }

    @AfterEach
    void tearDown() {
        factory.close();
    }

    @Test
    void eachCallRunsTheLifecycleInNamekosOrder() throws Exception {
        ServiceContainer c = factory.create(RecorderService.class, Map.of());
        c.start();
        assertEquals("done x", Testing.entrypointHook(c, "work").call("x"));
        assertEquals(List.of("setup", "start", "inject work", "workerSetup", "method x", "workerResult done x ok", "workerTeardown"),
                Recorded.EVENTS);
    }

    @Test
    void methodErrorReachesWorkerResultAndTheCaller() throws Exception {
        ServiceContainer c = factory.create(RecorderService.class, Map.of());
        c.start();
        assertThrows(IllegalArgumentException.class, () -> Testing.entrypointHook(c, "work").call("bad"));
        assertTrue(Recorded.EVENTS.contains("workerResult null IllegalArgumentException"), Recorded.EVENTS.toString());
        assertFalse(c.isBeingKilled(), "a method's exception is a result, not a container failure");
    }

    @Test
    void stopWaitsForInFlightCallsThenStopsProviders() throws Exception {
        ServiceContainer c = factory.create(RecorderService.class, Map.of());
        c.start();
        GATE[0] = new CountDownLatch(1);
        CompletableFuture<Object> call = c.spawnWorker(c.entrypoint("work"), new Object[]{"slow"}, Map.of(), List.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> RUNNING.get() == 1);
        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> c.stop(Duration.ofSeconds(30)));
        assertThrows(java.util.concurrent.TimeoutException.class, () -> stop.get(200, TimeUnit.MILLISECONDS),
                "stop must wait while a call is in flight");
        assertFalse(Recorded.EVENTS.contains("stop"), "providers stop only after in-flight calls finished");
        GATE[0].countDown();
        assertEquals("done slow", call.get(10, TimeUnit.SECONDS));
        stop.get(10, TimeUnit.SECONDS);
        List<String> events = Recorded.EVENTS;
        assertTrue(events.indexOf("workerTeardown") < events.indexOf("stop"), events.toString());
    }

    @Test
    void killInterruptsCallsAndRefusesNewWork() throws Exception {
        ServiceContainer c = factory.create(RecorderService.class, Map.of());
        c.start();
        GATE[0] = new CountDownLatch(1);
        CompletableFuture<Object> call = c.spawnWorker(c.entrypoint("work"), new Object[]{"slow"}, Map.of(), List.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> RUNNING.get() == 1);
        c.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> RUNNING.get() == 0);
        assertThrows(ContainerBeingKilled.class, () -> c.spawnWorker(c.entrypoint("work"), new Object[]{"late"}, Map.of(), List.of()));
        assertFalse(Recorded.EVENTS.contains("method late"));
        assertTrue(Recorded.EVENTS.contains("kill"));
        assertFalse(call.isDone() && !call.isCompletedExceptionally(), "the interrupted call does not complete normally");
    }

    @Test
    void atMostMaxWorkersCallsRunAndTheRestWaitTheirTurn() throws Exception {
        ServiceContainer c = factory.create(RecorderService.class, Map.of("max_workers", 2));
        c.start();
        GATE[0] = new CountDownLatch(1);
        List<CompletableFuture<Object>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) calls.add(c.spawnWorker(c.entrypoint("work"), new Object[]{"c" + i}, Map.of(), List.of()));
        await().atMost(Duration.ofSeconds(10)).until(() -> RUNNING.get() == 2);
        assertEquals(5, c.inFlight());
        GATE[0].countDown();
        for (CompletableFuture<Object> f : calls) assertTrue(((String) f.get(10, TimeUnit.SECONDS)).startsWith("done"));
        assertEquals(2, MAX_RUNNING.get());
    }

    @Service("thread_reporter")
    public static class ThreadReporterService {
        @Manual
        public String work(String input) throws Exception {
            return Thread.currentThread().getClass().getSimpleName() + " " + Thread.currentThread().getName();
        }
    }

    @Test
    void theMaxWorkersSlotsArePlatformThreadsByDefault() throws Exception {
        ServiceContainer c = factory.create(ThreadReporterService.class, Map.of());
        c.start();
        assertTrue(((String) c.spawnWorker(c.entrypoint("work"), new Object[]{"x"}, Map.of(), List.of()).get(10, TimeUnit.SECONDS))
                .startsWith("Thread thread_reporter-worker-"));
    }

    @Test
    void workerThreadsVirtualRunsEachCallOnAVirtualThreadFromJdk21AndIsAProblemBefore() throws Exception {
        if (Runtime.version().feature() >= 21) {
            ServiceContainer c = factory.create(ThreadReporterService.class, Map.of("worker_threads", "virtual", "max_workers", 2));
            c.start();
            List<CompletableFuture<Object>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) calls.add(c.spawnWorker(c.entrypoint("work"), new Object[]{"x"}, Map.of(), List.of()));
            for (CompletableFuture<Object> f : calls) assertTrue(((String) f.get(10, TimeUnit.SECONDS)).startsWith("VirtualThread thread_reporter-worker-"));
        } else {
            ServiceDefinitionException e = assertThrows(ServiceDefinitionException.class,
                    () -> factory.create(ThreadReporterService.class, Map.of("worker_threads", "virtual")));
            assertTrue(e.getMessage().contains("worker_threads: virtual needs JDK 21"), e.getMessage());
        }
    }

    @Test
    void workerThreadsRefusesAnUnknownKind() {
        ServiceDefinitionException e = assertThrows(ServiceDefinitionException.class,
                () -> factory.create(ThreadReporterService.class, Map.of("worker_threads", "green")));
        assertTrue(e.getMessage().contains("worker_threads must be 'platform' or 'virtual', got 'green'"), e.getMessage());
    }

    @Test
    void failingProviderKillsTheContainer() throws Exception {
        ServiceContainer c = factory.create(FailingSetupService.class, Map.of());
        c.start();
        assertThrows(IllegalStateException.class, () -> Testing.entrypointHook(c, "work").call("x"));
        await().atMost(Duration.ofSeconds(10)).until(() -> c.died().isDone());
        ExecutionException death = assertThrows(ExecutionException.class, () -> c.died().get());
        assertInstanceOf(IllegalStateException.class, death.getCause());
    }

    @Test
    void managedThreadErrorKillsTheContainer() throws Exception {
        ServiceContainer c = factory.create(RecorderService.class, Map.of());
        c.start();
        c.spawnManagedThread(() -> {
            throw new IllegalStateException("thread blew up");
        }, "boom");
        ExecutionException death = assertThrows(ExecutionException.class, () -> c.died().get(10, TimeUnit.SECONDS));
        assertEquals("thread blew up", death.getCause().getMessage());
        assertTrue(c.isBeingKilled());
    }

    @Test
    void progressIsLostOnlyWhenEverySlotIsStuck() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        try (ContainerFactory clocked = new ContainerFactory(now::get)) {
            ServiceContainer c = clocked.create(RecorderService.class, Map.of("max_workers", 2));
            c.start();
            GATE[0] = new CountDownLatch(1);
            long stuck = Duration.ofSeconds(30).toNanos();
            c.spawnWorker(c.entrypoint("work"), new Object[]{"a"}, Map.of(), List.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> RUNNING.get() == 1);
            now.addAndGet(Duration.ofSeconds(60).toNanos());
            assertTrue(c.makingProgress(stuck), "one stuck call among two slots is fine");
            c.spawnWorker(c.entrypoint("work"), new Object[]{"b"}, Map.of(), List.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> RUNNING.get() == 2);
            assertTrue(c.makingProgress(stuck), "the second call just started");
            now.addAndGet(Duration.ofSeconds(31).toNanos());
            assertFalse(c.makingProgress(stuck), "every slot held for longer than the timeout");
            GATE[0].countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> RUNNING.get() == 0 && c.makingProgress(stuck));
        }
    }

    @Test
    void callIdStackIsBoundedAndContextDataVisible() throws Exception {
        ServiceContainer c = factory.create(RecorderService.class, Map.of("parent_calls_tracked", 2));
        List<String> parents = List.of("a.x.1", "b.y.2", "c.z.3");
        WorkerContext ctx = new WorkerContext("recorder", c.entrypoint("work"), new Object[0], Map.of("user_id", "u1"), parents, 2);
        assertEquals(3, ctx.callIdStack().size());
        assertEquals(List.of("b.y.2", "c.z.3"), ctx.callIdStack().subList(0, 2));
        assertTrue(ctx.callId().startsWith("recorder.work."));
        assertEquals("a.x.1", ctx.originCallId());
        assertEquals("c.z.3", ctx.immediateParentCallId());
        assertEquals("u1", ctx.contextData().get("user_id"));
    }
}
