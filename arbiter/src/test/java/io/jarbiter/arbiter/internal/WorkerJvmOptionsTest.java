package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerJvmOptionsTest {
    private static final Runtime.Version JDK17 = Runtime.Version.parse("17.0.15"), JDK25 = Runtime.Version.parse("25.0.3");

    @TempDir
    Path dir;

    @Test
    void everyTunedDefaultAppliesWhenJvmArgsAreEmpty() {
        assertEquals(WorkerJvmOptions.DEFAULTS.stream().filter(d -> d.knownBy().test(JDK25)).flatMap(d -> d.options().stream()).toList(),
                WorkerJvmOptions.defaultsNotOverridden(List.of(), JDK25));
    }

    @Test
    void aBootWithoutWarmUpSkipsReplayingTheTrainingProfilesOnJdk25Only() throws Exception {
        // JDK 17 refuses an option it does not know, and AOTReplayTraining only exists from 25
        assertEquals(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining"), WorkerJvmOptions.withoutWarmUp(config(), JDK25));
        assertEquals(List.of(), WorkerJvmOptions.withoutWarmUp(config(), JDK17));
    }

    @Test
    void replayingTheTrainingProfilesInJvmArgsDecidesForABootWithoutWarmUpToo() throws Exception {
        assertEquals(List.of(), WorkerJvmOptions.withoutWarmUp(config("--jvm-arg", "-XX:+UnlockDiagnosticVMOptions", "--jvm-arg", "-XX:+AOTReplayTraining"), JDK25));
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
        List<String> kept = WorkerJvmOptions.defaultsNotOverridden(List.of("-XX:+UseG1GC"), JDK25);
        assertFalse(kept.contains("-XX:+UseSerialGC"));
        assertTrue(kept.contains("-Xms16m"));
    }

    @Test
    void heapAndStackOptionsReplaceTheirDefaults() {
        List<String> kept = WorkerJvmOptions.defaultsNotOverridden(List.of("-Xmx512m", "-Xms128m", "-Xss1m"), JDK17);
        assertEquals(List.of("-XX:+UseSerialGC", "-XX:+UnlockExperimentalVMOptions", WorkerJvmOptions.TRIM_NATIVE_HEAP), kept);
    }

    @Test
    void unrelatedOptionsLeaveTheDefaults() {
        assertEquals(WorkerJvmOptions.defaultsNotOverridden(List.of(), JDK25),
                WorkerJvmOptions.defaultsNotOverridden(List.of("-Dapp.mode=prod", "-XX:+HeapDumpOnOutOfMemoryError"), JDK25));
    }

    @Test
    void theNativeHeapIsTrimmedOnlyOnJdksThatKnowTheOption() throws Exception {
        // an option HotSpot does not know is fatal: 17.0.8 and 20 would refuse to start every worker
        for (String known : List.of("17.0.9", "17.0.15", "21.0.1", "22", "25.0.3")) {
            assertTrue(WorkerJvmOptions.defaults(Runtime.Version.parse(known)).contains(WorkerJvmOptions.TRIM_NATIVE_HEAP), known);
        }
        for (String unknown : List.of("17", "17.0.8", "18.0.2", "20.0.2", "21")) {
            assertFalse(WorkerJvmOptions.defaults(Runtime.Version.parse(unknown)).contains(WorkerJvmOptions.TRIM_NATIVE_HEAP), unknown);
        }
        // experimental where it was backported and in 22: unlocked there, and only there
        assertTrue(WorkerJvmOptions.defaults(Runtime.Version.parse("22.0.2")).contains("-XX:+UnlockExperimentalVMOptions"));
        assertFalse(WorkerJvmOptions.defaults(JDK25).contains("-XX:+UnlockExperimentalVMOptions"));
        List<String> off = WorkerJvmOptions.forWorker(config("--jvm-arg", "-XX:TrimNativeHeapInterval=0"), JDK17);
        assertEquals(List.of("-XX:TrimNativeHeapInterval=0"), off.stream().filter(o -> o.startsWith("-XX:TrimNative")).toList(),
                "jvm_args decide: the default is dropped, not given twice");
    }

    @Test
    @Timeout(60)
    void theRunningJdkStartsWithTheDefaults() throws Exception {
        // the real JVM this test runs on accepts every default it is given (as the master's -version check would)
        List<String> cmd = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        cmd.addAll(WorkerJvmOptions.defaults(Runtime.version()));
        cmd.add("-version");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "java -version did not exit");
        assertEquals(0, p.exitValue(), out);
    }
}
