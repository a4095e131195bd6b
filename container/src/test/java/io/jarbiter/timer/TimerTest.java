package io.jarbiter.timer;

import io.jarbiter.container.Service;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.testing.ContainerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** @Timer: eager first tick, ticks never overlap, an overrun does not stack up missed ticks. */
@Timeout(60)
class TimerTest {
    static final AtomicInteger TICKS = new AtomicInteger();
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger OVERLAPS = new AtomicInteger();
    static volatile CountDownLatch hold = new CountDownLatch(0);

    @Service("ticker")
    public static class Ticker {
        @Timer(interval = 0.02, eager = true)
        public void tick() throws InterruptedException {
            if (RUNNING.incrementAndGet() > 1) OVERLAPS.incrementAndGet();
            try {
                TICKS.incrementAndGet();
                hold.await(30, TimeUnit.SECONDS);
            } finally {
                RUNNING.decrementAndGet();
            }
        }
    }

    @Test
    void overrunningTickDoesNotOverlapOrStackUp() throws Exception {
        hold = new CountDownLatch(1);
        try (ContainerFactory factory = new ContainerFactory()) {
            ServiceContainer c = factory.create(Ticker.class, Map.of());
            c.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> TICKS.get() == 1);
            // while the first tick is held, many intervals pass and no second tick starts
            await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertEquals(1, TICKS.get(), "no tick while the previous one runs");
            hold.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> TICKS.get() >= 4);
            c.stop(Duration.ofSeconds(10));
            assertEquals(0, OVERLAPS.get());
            int afterStop = TICKS.get();
            await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> true);
            assertEquals(afterStop, TICKS.get(), "no tick after stop");
            assertTrue(afterStop < 100, "the 15 missed intervals were not replayed in a burst: " + afterStop);
        }
    }
}
