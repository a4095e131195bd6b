package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.process.WorkerContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How --check-config reads its checking worker; the worker itself is proven by AppCheckTest and ConfigErrorsIT. */
@Timeout(30)
class ConfigCheckTest {
    private static final String P = WorkerContract.CHECK_PROBLEM;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Config config(String extraYaml) throws Exception {
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, "classpath: [" + dir + "]\nservices: [acme.Greeting]\n" + extraYaml);
        return Config.load(List.of(app.toString()), Map.of());
    }

    private int check(Config config, int exitCode, boolean timedOut, String said) {
        return ConfigCheck.run(config, c -> new WorkerJvmCheck.Run("/jdk/bin/java", exitCode, timedOut, said),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aWorkerWithNothingToSayIsConfigOk() throws Exception {
        assertEquals(0, check(config(""), 0, false, "a log line of the app\n"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Config OK: "), out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), errLines());
    }

    @Test
    void theWorkersProblemsAreItsLinesOnlyAndTheAppDoesNotLoad() throws Exception {
        assertEquals(WorkerContract.APP_LOAD_ERROR, check(config(""), 4, false,
                "[...] [WARN] the app logs something\n" + P + "acme.Greeting.x(String): one\n" + P + "acme.Greeting.y(String): two\n"));
        assertEquals(List.of("acme.Greeting.x(String): one", "acme.Greeting.y(String): two"), errLines());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aHookTheMasterCannotLoadIsExitOneAndPrintedOnceThoughTheWorkerSaysItToo() throws Exception {
        String line = "hooks: class acme.NoHook not found on the classpath; check 'classpath' and 'hooks' in the app file"
                + " (java.lang.ClassNotFoundException: acme.NoHook)";
        assertEquals(WorkerContract.EXIT_ERROR, check(config("hooks: [acme.NoHook]\n"), 4, false, P + line + "\n" + P + "acme.Greeting: bad\n"));
        assertEquals(List.of(line, "acme.Greeting: bad"), errLines());
    }

    @Test
    void aJvmThatRefusesItsOptionsIsTheJvmArgsMessageAndTheServiceClassesAreStillLookedFor() throws Exception {
        Config config = config("jvm_args: [-XX:+UseNoSuchGC]\n");
        assertEquals(WorkerContract.EXIT_ERROR, check(config, 1, false,
                "Unrecognized VM option 'UseNoSuchGC'\nError: Could not create the Java Virtual Machine.\n"));
        assertEquals(List.of(config.appYaml() + ": 'jvm_args' [-XX:+UseNoSuchGC]: the worker JVM does not start with these options: "
                        + "Unrecognized VM option 'UseNoSuchGC'; fix or remove the option (in app.yaml, --jvm-arg or JARBITER_CMD_ARGS)",
                config.appYaml() + ": 'services' names class acme.Greeting, which is not on the classpath [" + dir
                        + "]; fix the name or add its jar to 'classpath'"), errLines());
    }

    @Test
    void aWorkerThatDoesNotFinishInTheBootTimeoutIsAProblem() throws Exception {
        assertEquals(WorkerContract.EXIT_ERROR, check(config("worker_boot_timeout: 7\n"), -1, true, ""));
        assertEquals(1, errLines().size(), errLines().toString());
        assertTrue(errLines().get(0).startsWith("the worker JVM did not finish loading the application within worker_boot_timeout (7 s)"),
                errLines().toString());
    }
}
