package io.jarbiter.arbiter.internal;

import io.jarbiter.process.Scoreboard;
import java.util.List;
import java.util.Map;

/**
 * The master at one instant, as {@code jarbiter status} and {@code /metrics} show it. Built on the
 * arbiter's main thread ({@link Arbiter#status()}); immutable, so other threads format it freely.
 *
 * @param totals every call ever completed by this master's workers, reaped ones included
 */
record MasterStatus(long pid, String version, String appYaml, long uptimeMillis, int generation, int targetWorkers,
                    List<String> listeners, Map<String, Object> config, long reloads, Map<String, Long> restarts,
                    Scoreboard totals, List<WorkerStatus> workers) {

    /** One worker's row of the status table. */
    record WorkerStatus(int pid, int age, int generation, boolean booted, boolean stopping, long uptimeMillis,
                        long requests, long inFlight, long lastBeatAgeMillis, long rssBytes) {}
}
