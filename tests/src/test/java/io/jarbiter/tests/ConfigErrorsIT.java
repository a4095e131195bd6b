package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input exits non-zero with one clear line; the informational flags answer and exit 0. */
@Timeout(120)
class ConfigErrorsIT {
    @TempDir
    Path dir;

    private Jarbiter run(String... args) throws Exception {
        Jarbiter j = Jarbiter.start(dir, Map.of(), args);
        j.awaitExit(Duration.ofSeconds(30));
        return j;
    }

    @Test
    void unknownKeyNamesFileLineAndTheClosestSetting() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "wokers: 3\n");
        try (Jarbiter j = run(app.toString())) {
            assertTrue(j.process().exitValue() != 0);
            String err = j.log().trim();
            assertTrue(err.contains("app.yaml:") && err.contains("wokers") && err.contains("workers"), err);
            assertFalse(err.contains("\tat "), "no stack trace: " + err);
            assertEquals(1, err.lines().count(), "one line: " + err);
        }
    }

    @Test
    void checkConfigListsEveryUnknownSettingOfTheFileInOneRun() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "graceful_timout: 5\nwokers: 3\n");
        try (Jarbiter j = run("--check-config", app.toString())) {
            assertEquals(1, j.process().exitValue(), j.log());
            String err = j.log();
            assertTrue(err.contains("app.yaml:7: unknown setting 'graceful_timout'; did you mean 'graceful_timeout'?"), err);
            assertTrue(err.contains("app.yaml:8: unknown setting 'wokers'; did you mean 'workers'?"), err);
            assertEquals(2, err.trim().lines().count(), "one line each: " + err);
        }
    }

    private static final String NEAR_MISS = "app.yaml:7: 'AMQP_URL' is not a key nameko or jarbiter reads; did you mean AMQP_URI? "
            + "(keys that are not settings are passed to the services as configuration)";

    @Test
    void aNearMissOfANamekoKeyFailsTheCheck() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "AMQP_URL: amqp://guest:guest@broker:5672/\n");
        try (Jarbiter check = run("--check-config", app.toString())) {
            assertEquals(1, check.process().exitValue(), check.log());
            assertTrue(check.log().contains(NEAR_MISS), check.log());
            assertFalse(check.stdout().contains("Config OK"), check.stdout());
        }
    }

    @Test
    void aNearMissOfANamekoKeyIsAWarningAtStart() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "AMQP_URL: amqp://guest:guest@broker:5672/\n");
        try (Jarbiter master = Jarbiter.start(dir, Map.of(), "-w", "1", app.toString())) {
            master.awaitReady();
            assertTrue(master.log().lines().anyMatch(l -> l.contains("WARN") && l.contains(NEAR_MISS)), master.log());
        }
    }

    @Test
    void jvmArgsTheWorkerJvmRefusesStopTheStartWithTheSettingTheValueAndTheFix() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "jvm_args: [-XX:+UseNoSuchGC]\n");
        try (Jarbiter j = run(app.toString())) {
            assertEquals(1, j.process().exitValue(), j.log());
            String err = j.log();
            assertTrue(err.contains("app.yaml: 'jvm_args' [-XX:+UseNoSuchGC]: the worker JVM does not start with these options: "
                    + "Unrecognized VM option 'UseNoSuchGC'; fix or remove the option"), err);
            assertFalse(err.contains("Booting worker"), "no worker is spawned, so none crash-loops:\n" + err);
        }
    }

    @Test
    void missingAppFileIsOneLine() throws Exception {
        try (Jarbiter j = run(dir.resolve("nope.yaml").toString())) {
            assertTrue(j.process().exitValue() != 0);
            assertTrue(j.log().contains("nope.yaml"), j.log());
            assertEquals(1, j.log().trim().lines().count(), j.log());
        }
    }

    @Test
    void badBindIsRejected() throws Exception {
        try (Jarbiter j = run("-b", "localhost:http", Jarbiter.exampleApp(dir, "").toString())) {
            assertTrue(j.process().exitValue() != 0);
            assertTrue(j.log().contains("localhost:http"), j.log());
        }
    }

    @Test
    void checkConfigPassesForTheExample() throws Exception {
        try (Jarbiter ok = run("--check-config", Jarbiter.exampleApp(dir, "").toString())) {
            assertEquals(0, ok.process().exitValue(), ok.log());
        }
    }

    @Test
    void checkConfigFailsForAMissingServiceClassWithTheExitCodeOfTheBoot() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "");
        Files.writeString(app, Files.readString(app).replace("io.jarbiter.examples.HelloService", "com.acme.Nope"));
        try (Jarbiter bad = run("--check-config", app.toString())) {
            assertEquals(4, bad.process().exitValue(), "APP_LOAD_ERROR, as the boot: " + bad.log());
            assertEquals("class com.acme.Nope not found on classpath [" + Jarbiter.EXAMPLES_JAR + "]; check 'services' and 'classpath' in "
                    + app, bad.log().trim());
        }
    }

    @Test
    void checkConfigFailsForJvmArgsTheWorkerJvmRefuses() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "jvm_args: [-XX:+UseNoSuchGC]\n");
        try (Jarbiter badJvm = run("--check-config", app.toString())) {
            assertEquals(1, badJvm.process().exitValue());
            assertTrue(badJvm.log().contains("'jvm_args' [-XX:+UseNoSuchGC]: the worker JVM does not start with these options: "
                    + "Unrecognized VM option 'UseNoSuchGC'"), badJvm.log());
        }
    }

    @Test
    void checkConfigBuildsEveryServiceAndFailsWithTheLineEachBootFailsWith() throws Exception {
        Path noNames = AppJars.compile(dir, "no-names", false, Map.of("acme.Greeting", """
                package acme;
                @io.jarbiter.container.Service("greeting")
                public class Greeting {
                    @io.jarbiter.web.Http(method = "GET", path = "/hello/{name}")
                    public String hello(String name) { return "hello " + name; }
                }
                """));
        Path invalid = AppJars.compile(dir, "invalid", true, Map.of("acme.BadPath", """
                package acme;
                @io.jarbiter.container.Service("bad_path")
                public class BadPath {
                    @io.jarbiter.web.Http(method = "GET", path = "/x/{id")
                    public String x(String id) { return id; }
                }
                """, "acme.Dated", """
                package acme;
                @io.jarbiter.container.Service("dated")
                public class Dated {
                    @io.jarbiter.web.Http(method = "GET", path = "/at/{at}")
                    public String at(java.time.LocalTime at) { return at.toString(); }
                }
                """));
        List<Path> jars = List.of(noNames, invalid);
        List<String> services = List.of("acme.BadPath", "acme.Dated", "acme.Greeting");
        List<String> said;
        try (Jarbiter check = run("--check-config", app(dir, jars, services).toString())) {
            assertEquals(4, check.process().exitValue(), check.log());
            said = check.log().trim().lines().toList();
            assertEquals("", check.stdout(), "no 'Config OK'");
        }
        assertEquals(3, said.size(), "one line per problem, all of them:\n" + said);
        assertEquals("acme.BadPath.x(String): @Http path '/x/{id' is not a valid template: unclosed '{'", said.get(0));
        assertTrue(said.get(1).startsWith("acme.Dated.at(LocalTime): "), said.get(1));
        assertEquals("acme.Greeting.hello(String): parameter names are missing; compile with -parameters", said.get(2));
        for (int i = 0; i < services.size(); i++) {
            Path bootDir = Files.createDirectories(dir.resolve("boot-" + i));
            try (Jarbiter boot = Jarbiter.start(bootDir, Map.of(), app(bootDir, jars, List.of(services.get(i))).toString())) {
                assertEquals(4, boot.awaitExit(Duration.ofSeconds(60)), boot.tail());
                assertTrue(boot.log().contains("] Worker failed to boot: " + said.get(i) + "\n"), "the boot's line is the check's:\n"
                        + said.get(i) + "\n" + boot.tail());
            }
        }
    }

    private static Path app(Path dir, List<Path> classpath, List<String> services) throws IOException {
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, "bind: 127.0.0.1:0\nworkers: 1\nclasspath: " + classpath + "\nservices: " + services
                + "\nworker_tmp_dir: " + dir + "\ncontrol_socket: " + dir.resolve("jarbiter.ctl") + "\n");
        return app;
    }

    @Test
    void printConfigAnswersTheEffectiveConfigurationOnStdout() throws Exception {
        try (Jarbiter j = run("--print-config", "-w", "5", Jarbiter.exampleApp(dir, "").toString())) {
            assertEquals(0, j.process().exitValue(), j.log());
            assertTrue(j.stdout().contains("\nworkers: 5\n"), j.stdout());
        }
    }

    @Test
    void versionAnswersOnStdout() throws Exception {
        try (Jarbiter j = run("--version")) {
            assertEquals(0, j.process().exitValue());
            assertTrue(j.stdout().contains("jarbiter"), j.stdout());
        }
    }

    @Test
    void helpListsTheMainFlagsAndTheCommandsOnStdout() throws Exception {
        try (Jarbiter j = run("--help")) {
            assertEquals(0, j.process().exitValue());
            for (String flag : new String[]{"--workers", "--bind", "--timeout", "--graceful-timeout", "--max-requests", "--pid"}) {
                assertTrue(j.stdout().contains(flag), flag + " in help:\n" + j.stdout());
            }
            for (String command : new String[]{"rpc", "status", "ctl"}) {
                assertTrue(j.stdout().lines().anyMatch(l -> l.startsWith("  " + command + " ")), command + " in help:\n" + j.stdout());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rpc", "status", "ctl"})
    void everyCommandAnswersItsOwnHelpOnStdout(String command) throws Exception {
        try (Jarbiter j = run(command, "--help")) {
            assertEquals(0, j.process().exitValue(), command + ": " + j.log());
            assertTrue(j.stdout().startsWith("usage: jarbiter " + command + " "), j.stdout());
            assertTrue(j.stdout().contains("-h, --help"), j.stdout());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rpc", "status", "ctl"})
    void everyCommandAnswersABadUsageOnStderrWithExit2(String command) throws Exception {
        try (Jarbiter j = run(command, "--no-such-option")) {
            assertEquals(2, j.process().exitValue(), command + ": " + j.log());
            assertTrue(j.log().startsWith("Error: unknown option '--no-such-option'\nusage: jarbiter " + command + " "), j.log());
            assertEquals("", j.stdout());
        }
    }
}
