package io.jarbiter.arbiter.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerJvmOptionsTest {
    @Test
    void everyTunedDefaultAppliesWhenJvmArgsAreEmpty() {
        assertEquals(WorkerJvmOptions.DEFAULTS.stream().map(WorkerJvmOptions.Default::option).toList(),
                WorkerJvmOptions.defaultsNotOverridden(List.of()));
    }

    @Test
    void aCollectorInJvmArgsReplacesTheSerialDefaultSoHotSpotNeverSeesTwo() {
        List<String> kept = WorkerJvmOptions.defaultsNotOverridden(List.of("-XX:+UseG1GC"));
        assertFalse(kept.contains("-XX:+UseSerialGC"));
        assertTrue(kept.contains("-Xms16m"));
    }

    @Test
    void heapAndStackOptionsReplaceTheirDefaults() {
        List<String> kept = WorkerJvmOptions.defaultsNotOverridden(List.of("-Xmx512m", "-Xms128m", "-Xss1m"));
        assertEquals(List.of("-XX:+UseSerialGC"), kept);
    }

    @Test
    void unrelatedOptionsLeaveTheDefaults() {
        assertEquals(WorkerJvmOptions.defaultsNotOverridden(List.of()),
                WorkerJvmOptions.defaultsNotOverridden(List.of("-Dapp.mode=prod", "-XX:+HeapDumpOnOutOfMemoryError")));
    }
}
