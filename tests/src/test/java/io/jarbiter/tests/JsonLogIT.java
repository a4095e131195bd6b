package io.jarbiter.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code log_format: json}: every line the master and its workers write is one JSON object. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JsonLogIT {
    @TempDir
    Path dir;

    @Test
    void masterAndWorkersLogOneJsonObjectPerLine() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "log_format: json\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            j.awaitReady();
            List<Long> workers = j.workerPids();
            java.nio.file.Files.writeString(app, java.nio.file.Files.readString(app) + "workers: lots\n");
            j.signal("HUP");
            j.awaitLog("Reload rejected");
            j.signal("TERM");
            assertEquals(0, j.awaitExit(Duration.ofSeconds(40)), j.tail());

            ObjectMapper json = new ObjectMapper();
            Set<Long> pids = new HashSet<>();
            boolean sawError = false;
            for (String line : j.log().split("\n")) {
                if (line.isBlank()) continue;
                JsonNode n = json.readTree(line);
                for (String key : List.of("time", "pid", "level", "logger", "message")) assertTrue(n.has(key), key + " in " + line);
                assertTrue(n.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4}"), line);
                pids.add(n.get("pid").asLong());
                if (n.get("level").asText().equals("ERROR") && n.get("message").asText().contains("'workers' must be a whole number, got 'lots'")) sawError = true;
            }
            assertTrue(pids.contains(j.pid()), "master lines: " + pids);
            assertTrue(pids.containsAll(workers), "worker lines from " + workers + ": " + pids);
            assertTrue(sawError, "the rejected reload as a JSON ERROR line:\n" + j.log());
        }
    }
}
