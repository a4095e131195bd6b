package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** max_requests: a worker retires gracefully after its quota and is replaced; nothing is dropped. */
@Timeout(120)
class MaxRequestsIT {
    @TempDir
    Path dir;

    @Test
    void workersRetireAfterTheirQuotaWithoutDroppingRequests() throws Exception {
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "2", "--max-requests", "50", "--max-requests-jitter", "10",
                Jarbiter.exampleApp(dir, "").toString())) {
            int port = j.awaitReady();
            try (LoadGenerator load = new LoadGenerator(port, "/hello", 3, true, 90).start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> j.bootedPids().size() >= 5);
                load.stop();
                assertEquals(List.of(), load.errors());
            }
            assertTrue(j.log().contains("Autorestarting worker after current request."), j.tail());
        }
    }
}
