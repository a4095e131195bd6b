package io.jarbiter.arbiter.internal;

import io.jarbiter.process.Scoreboard;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The master's own counters behind {@code jarbiter status} and the metrics: reloads, worker restarts
 * by reason, and the final scoreboard of every worker already reaped (so totals never go backwards
 * when a worker is replaced). Owned by the arbiter's main thread.
 */
final class ArbiterStats {
    /** Why a worker had to be replaced; the metrics' {@code reason} label. */
    static final String TIMEOUT = "timeout", BOOT_TIMEOUT = "boot_timeout", MAX_REQUESTS = "max_requests", CRASH = "crash";
    private final Map<String, Long> restarts = new LinkedHashMap<>();
    private Scoreboard retired = Scoreboard.empty();
    private long reloads;

    ArbiterStats() {
        for (String reason : new String[] {TIMEOUT, BOOT_TIMEOUT, MAX_REQUESTS, CRASH}) restarts.put(reason, 0L);
    }

    void restarted(String reason) {
        restarts.merge(reason, 1L, Long::sum);
    }

    void reloaded() {
        reloads++;
    }

    /** Adds a reaped worker's last scoreboard to the totals (its in-flight count no longer applies). */
    void retire(Scoreboard last) {
        retired = retired.plus(new Scoreboard(last.requests(), 0, last.durationMicros(), last.writtenAtMillis(), last.buckets()));
    }

    Scoreboard retired() {
        return retired;
    }

    /** By reason, always in the same order (status table, metrics). */
    Map<String, Long> restarts() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(restarts));
    }

    long reloads() {
        return reloads;
    }
}
