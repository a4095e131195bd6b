package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerJvmOptionsTest {
    @TempDir
    Path dir;

    @Test
    void everyTunedDefaultAppliesWhenJvmArgsAreEmpty() {
        assertEquals(WorkerJvmOptions.DEFAULTS.stream().flatMap(d -> d.options().stream()).toList(),
                WorkerJvmOptions.defaultsNotOverridden(List.of(), 25));
    }

    @Test
    void aLoneBootSkipsReplayingTheTrainingProfilesOnJdk25Only() throws Exception {
        // JDK 17 refuses an option it does not know, and AOTReplayTraining only exists from 25
        assertEquals(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining"), WorkerJvmOptions.forLoneBoot(config(), 25));
        assertEquals(List.of(), WorkerJvmOptions.forLoneBoot(config(), 17));
    }

    @Test
    void replayingTheTrainingProfilesInJvmArgsDecidesForTheLoneBootToo() throws Exception {
        assertEquals(List.of(), WorkerJvmOptions.forLoneBoot(config("--jvm-arg", "-XX:+UnlockDiagnosticVMOptions", "--jvm-arg", "-XX:+AOTReplayTraining"), 25));
    }

    private Config config(String... flags) throws Exception {
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, "services: [a.B]\n");
        List<String> argv = new java.util.ArrayList<>(List.of(flags));
        argv.add(app.toString());
        return Config.load(argv, Map.of());
    }

    @Test
    void aCollectorInJvmArgsReplacesTheSerialDefaultSoHotSpotNeverSeesTwo() {
        List<String> kept = WorkerJvmOptions.defaultsNotOverridden(List.of("-XX:+UseG1GC"), 25);
        assertFalse(kept.contains("-XX:+UseSerialGC"));
        assertTrue(kept.contains("-Xms16m"));
    }

    @Test
    void heapAndStackOptionsReplaceTheirDefaults() {
        List<String> kept = WorkerJvmOptions.defaultsNotOverridden(List.of("-Xmx512m", "-Xms128m", "-Xss1m"), 17);
        assertEquals(List.of("-XX:+UseSerialGC"), kept);
    }

    @Test
    void unrelatedOptionsLeaveTheDefaults() {
        assertEquals(WorkerJvmOptions.defaultsNotOverridden(List.of(), 25),
                WorkerJvmOptions.defaultsNotOverridden(List.of("-Dapp.mode=prod", "-XX:+HeapDumpOnOutOfMemoryError"), 25));
    }
}
