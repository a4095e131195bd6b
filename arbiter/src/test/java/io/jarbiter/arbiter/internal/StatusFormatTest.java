package io.jarbiter.arbiter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jarbiter.process.Scoreboard;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusFormatTest {
    static MasterStatus sample() {
        long[] buckets = new long[Scoreboard.BUCKETS.length + 1];
        buckets[0] = 5;                       // <= 5 ms
        buckets[3] = 2;                       // <= 50 ms
        buckets[Scoreboard.BUCKETS.length] = 1; // > 10 s
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bind", List.of("127.0.0.1:8000"));
        config.put("workers", 2);
        config.put("user", null);
        return new MasterStatus(42, "0.1.0", "/srv/app \"x\".yaml", 61_500, 3, 2, List.of("http://127.0.0.1:8000"), config, 2,
                Map.of("crash", 1L), new Scoreboard(8, 1, 11_000_000, 0, buckets),
                List.of(new MasterStatus.WorkerStatus(100, 4, 3, true, false, 1_000, 6, 1, 250, 60L << 20),
                        new MasterStatus.WorkerStatus(101, 5, 3, false, false, 200, 0, 0, -1, 50L << 20)));
    }

    @Test
    void jsonIsValidAndTheTableShowsEveryWorker() throws Exception {
        String json = StatusFormat.json(sample());
        JsonNode n = new ObjectMapper().readTree(json);
        assertEquals("/srv/app \"x\".yaml", n.get("app_yaml").asText());
        assertEquals(8, n.get("requests_total").asLong());
        assertEquals(2, n.get("workers").size());
        assertTrue(n.get("config").get("user").isNull());
        String table = ControlCommand.table(n);
        assertTrue(table.contains("up 1m01s  generation 3"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("100 ") && l.contains("booted") && l.contains("60.0 MB")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("101 ") && l.contains("booting") && l.contains(" - ")), table);
    }

    @Test
    void prometheusHistogramIsCumulative() {
        String text = StatusFormat.prometheus(sample());
        assertTrue(text.contains("jarbiter_request_duration_seconds_bucket{le=\"0.005\"} 5\n"), text);
        assertTrue(text.contains("jarbiter_request_duration_seconds_bucket{le=\"0.05\"} 7\n"), text);
        assertTrue(text.contains("jarbiter_request_duration_seconds_bucket{le=\"10.0\"} 7\n"), text);
        assertTrue(text.contains("jarbiter_request_duration_seconds_bucket{le=\"+Inf\"} 8\n"), text);
        assertTrue(text.contains("jarbiter_request_duration_seconds_sum 11.000000\n"), text);
        assertTrue(text.contains("jarbiter_worker_restarts_total{reason=\"crash\"} 1\n"), text);
        assertTrue(text.contains("jarbiter_workers{state=\"booting\"} 1\n"), text);
        assertTrue(text.contains("jarbiter_reloads_total 2\n"), text);
    }
}
