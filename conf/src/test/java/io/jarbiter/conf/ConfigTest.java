package io.jarbiter.conf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load pipeline, on real files: precedence, expansion, validation messages, round trip. */
@Timeout(30)
class ConfigTest {
    @TempDir
    Path dir;

    Path app(String yaml) throws Exception {
        Path p = dir.resolve("app.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    Config load(Map<String, String> env, String... argv) throws ConfigException {
        return Config.load(List.of(argv), env);
    }

    ConfigException error(String yaml, String... extraArgs) throws Exception {
        Path p = app(yaml);
        String[] argv = new String[extraArgs.length + 1];
        System.arraycopy(extraArgs, 0, argv, 0, extraArgs.length);
        argv[extraArgs.length] = p.toString();
        return assertThrows(ConfigException.class, () -> load(Map.of(), argv));
    }

    @Test
    void defaultsThenAppYamlThenCmdArgsEnvThenCommandLine() throws Exception {
        Path p = app("services: [a.B]\nworkers: 3\ntimeout: 10\nbacklog: 64\n");
        Config c = load(Map.of("JARBITER_CMD_ARGS", "--timeout 20 --backlog=128"), "-w", "5", p.toString(), "--backlog", "256");
        assertEquals(5, c.workers(), "command line beats app.yaml");
        assertEquals(Duration.ofSeconds(20), c.timeout(), "JARBITER_CMD_ARGS beats app.yaml");
        assertEquals(256, c.backlog(), "command line beats JARBITER_CMD_ARGS");
        assertEquals(Duration.ofSeconds(30), c.gracefulTimeout(), "default");
        assertEquals(List.of("127.0.0.1:8000"), c.bind());
    }

    @Test
    void aBareOffTurnsADirectorySettingOffThoughYamlReadsItAsFalse() throws Exception {
        Config c = load(Map.of(), app("services: [a.B]\ncode_snapshot_dir: off\njvm_archive_dir: 'off'\ncontrol_socket: off\n").toString());
        assertTrue(c.codeSnapshotDir().isEmpty() && c.jvmArchiveDir().isEmpty() && c.controlSocket().isEmpty());
        Config d = load(Map.of(), app("services: [a.B]\ncode_snapshot_dir: code\n").toString());
        assertEquals(dir.resolve("code"), d.codeSnapshotDir().orElseThrow());
    }

    @Test
    void nonSettingKeysAreServiceConfig() throws Exception {
        Config c = load(Map.of(), app("services: [a.B]\nAMQP_URI: amqp://x\nmax_workers: 4\nmy_key: {nested: [1, 2]}\n").toString());
        assertEquals("amqp://x", c.serviceConfig().get("AMQP_URI"));
        assertEquals(4, c.serviceConfig().get("max_workers"));
        assertEquals(Map.of("nested", List.of(1, 2)), c.serviceConfig().get("my_key"));
        assertTrue(!c.serviceConfig().containsKey("services"));
    }

    @Test
    void environmentExpansionFollowsNameko() throws Exception {
        Map<String, String> env = Map.of("PORT", "9000", "LIST", "[a, b]", "EMPTY", "");
        Config c = load(env, app("""
                services: [a.B]
                bind: 127.0.0.1:${PORT}
                workers: ${N:4}
                list: ${LIST}
                default_list: ${UNSET:[1,2]}
                unset: ${UNSET}
                nested: ${UNSET:${PORT:1}}
                quoted: !env_var "x-${UNSET:default}"
                raw: !raw_env_var "${V:1234.5660}"
                literal: "${PORT}"
                """).toString());
        assertEquals(List.of("127.0.0.1:9000"), c.bind());
        assertEquals(4, c.workers());
        assertEquals(List.of("a", "b"), c.serviceConfig().get("list"));
        assertEquals(List.of(1, 2), c.serviceConfig().get("default_list"));
        assertEquals(null, c.serviceConfig().get("unset"));
        assertEquals(9000, c.serviceConfig().get("nested"));
        assertEquals("x-default", c.serviceConfig().get("quoted"));
        assertEquals("1234.5660", c.serviceConfig().get("raw"));
        assertEquals("${PORT}", c.serviceConfig().get("literal"), "quoted strings are not expanded without !env_var");
    }

    @Test
    void workerThreadsIsPlatformOrVirtualAndVirtualNeedsJdk21() throws Exception {
        assertTrue(error("services: [a.B]\nworker_threads: green\n").getMessage()
                .endsWith(":2: 'worker_threads' must be 'platform' or 'virtual', got 'green'"));
        if (Runtime.version().feature() >= 21) {
            assertEquals("virtual", load(Map.of(), app("services: [a.B]\nworker_threads: virtual\n").toString()).get(Settings.WORKER_THREADS));
        } else {
            assertTrue(error("services: [a.B]\nworker_threads: virtual\n").getMessage()
                    .contains("'worker_threads' 'virtual' needs JDK 21 or newer"));
        }
        assertEquals("platform", load(Map.of(), app("services: [a.B]\n").toString()).get(Settings.WORKER_THREADS));
    }

    @Test
    void errorsNameFileLineKeyValueAndFix() throws Exception {
        assertEquals(dir.resolve("app.yaml") + ":2: 'workers' must be >= 1, got 0",
                error("services: [a.B]\nworkers: 0\n").getMessage().replace(dir.resolve("app.yaml").toString(), dir.resolve("app.yaml").toString()));
        assertTrue(error("services: [a.B]\nwokers: 3\n").getMessage().endsWith(":2: unknown setting 'wokers'; did you mean 'workers'?"));
        assertTrue(error("services: [a.B]\ntimeout: soon\n").getMessage().endsWith(":2: 'timeout' must be a number of seconds, got 'soon'"));
        assertTrue(error("services: [a.B]\nbind: localhost:http\n").getMessage().contains("'localhost:http' is not HOST:PORT"));
        assertTrue(error("services: [a.B]\nbind: 'unix:'\n").getMessage().contains("unix:PATH needs a path of 1 to 107 bytes"));
        assertTrue(error("services: [a.B]\nbind: unix:/" + "s".repeat(107) + "\n").getMessage().contains("unix:PATH needs a path"));
        assertTrue(error("services: [a.B]\nloglevel: loud\n").getMessage().contains("must be one of [debug, info, warning, error, critical]"));
        assertTrue(error("services: [a.B]\nWEB_SERVER_ADDRESS: 0.0.0.0:8000\n").getMessage().contains("replaced by 'bind'"));
        assertTrue(error("services: [a.B]\nSERVICE_CONTAINER_CLS: x.Y\n").getMessage().contains("'SERVICE_CONTAINER_CLS' names nameko's Python container class"));
        assertTrue(error("workers: 2\n").getMessage().contains("'services' is required"));
        assertTrue(error("services: [a.B\n").getMessage().contains("invalid YAML"));
        assertTrue(error("- a\n- b\n").getMessage().contains("must be a mapping"));
        assertEquals(ConfigException.Kind.INVALID, error("services: [a.B]\nworkers: 0\n").kind());
    }

    @Test
    void everyProblemInAppYamlIsReportedInOneRunWithItsLine() throws Exception {
        ConfigException e = error("services: [a.B]\nwokers: 3\ngraceful_timout: 5\ntimeout: soon\nworkers: 0\nAMQP_URI: amqp://x\n");
        String app = dir.resolve("app.yaml").toString();
        assertEquals(List.of(app + ":2: unknown setting 'wokers'; did you mean 'workers'?",
                app + ":3: unknown setting 'graceful_timout'; did you mean 'graceful_timeout'?",
                app + ":4: 'timeout' must be a number of seconds, got 'soon'",
                app + ":5: 'workers' must be >= 1, got 0"), e.problems());
        assertEquals(ConfigException.Kind.INVALID, e.kind());
        assertEquals(1, e.exitCode());
        assertEquals(String.join("; ", e.problems()), e.getMessage(), "one line for logs");
    }

    @Test
    void commandLineAndAppYamlProblemsAreReportedTogetherAsAUsageError() throws Exception {
        String app = app("services: [a.B]\nwokers: 3\n").toString();
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(), "--wrokers", "3", app, "--backlog=many", "--zzzz", "-t"));
        List<String> p = e.problems();
        assertEquals(5, p.size(), p.toString());
        assertEquals("unrecognized option '--wrokers'; did you mean '--workers'?", p.get(0));
        assertEquals("unrecognized option '--zzzz'; see --help", p.get(1));
        assertEquals("-t: expected a value (SECONDS)", p.get(2));
        assertTrue(p.get(3).endsWith("app.yaml:2: unknown setting 'wokers'; did you mean 'workers'?"), p.get(3));
        assertEquals("--backlog: 'backlog' must be a whole number, got 'many'", p.get(4));
        assertEquals(ConfigException.Kind.USAGE, e.kind(), "a command-line problem is a usage error, as before");
        assertEquals(2, e.exitCode());
        ConfigException fromEnv = assertThrows(ConfigException.class, () -> load(Map.of("JARBITER_CMD_ARGS", "--graceful-timout 3 -w x"),
                app("services: [a.B]\n").toString(), "--workres", "2"));
        assertEquals(List.of("unrecognized option '--workres'; did you mean '--workers'?",
                "JARBITER_CMD_ARGS: unrecognized option '--graceful-timout'; did you mean '--graceful-timeout'?",
                "JARBITER_CMD_ARGS: --workers: 'workers' must be a whole number, got 'x'"), fromEnv.problems());
    }

    @Test
    void aMissingFileIsOneProblemNotAlsoAMissingServicesList() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(), "--wrokers", "2", dir.resolve("none.yaml").toString()));
        assertEquals(2, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(1).contains("none.yaml: no such file"), e.problems().toString());
    }

    @Test
    void nearMissesOfNamekoKeysAreServiceConfigWithAWarningNamingLineKeyAndTheKeyMeant() throws Exception {
        Path p = app("services: [a.B]\nAMQP_URL: amqp://x\namqp_uri: amqp://y\nmax_worker: 4\nrpc_exchang: e\n"
                + "AMQP_URI: amqp://z\nmy_key: 1\nheartbeat: 5\n");
        Config c = load(Map.of(), p.toString());
        String tail = "? (keys that are not settings are passed to the services as configuration)";
        assertEquals(List.of(p + ":2: 'AMQP_URL' is not a key nameko or jarbiter reads; did you mean AMQP_URI" + tail,
                p + ":3: 'amqp_uri' is not a key nameko or jarbiter reads; did you mean AMQP_URI" + tail,
                p + ":4: 'max_worker' is not a key nameko or jarbiter reads; did you mean max_workers" + tail,
                p + ":5: 'rpc_exchang' is not a key nameko or jarbiter reads; did you mean rpc_exchange" + tail,
                p + ":8: 'heartbeat' is not a key nameko or jarbiter reads; did you mean HEARTBEAT" + tail), c.serviceConfigWarnings());
        assertEquals("amqp://x", c.serviceConfig().get("AMQP_URL"), "still passed on: it may be the user's own key");
        assertEquals(4, c.serviceConfig().get("max_worker"));
        assertTrue(Config.fromEnvString(c.toEnvString()).serviceConfigWarnings().isEmpty(), "the master has told; workers do not repeat it");
        assertTrue(load(Map.of(), app("services: [a.B]\nAMQP_URI: amqp://x\nmax_workers: 2\nSERIALIZERS: {}\nmy_key: 1\ngreeting: hi\n").toString())
                .serviceConfigWarnings().isEmpty(), "exact nameko keys and keys far from any are quiet");
    }

    @Test
    void aNearMissOfASettingIsAnErrorEvenInAnotherCase() throws Exception {
        assertTrue(error("services: [a.B]\nWorkers: 2\n").getMessage().endsWith(":2: unknown setting 'Workers'; did you mean 'workers'?"));
        assertTrue(error("services: [a.B]\nmax_request: 2\n").getMessage().endsWith(":2: unknown setting 'max_request'; did you mean 'max_requests'?"));
    }

    @Test
    void commandLineErrorsAreUsageErrors() throws Exception {
        ConfigException e = error("services: [a.B]\n", "--wrokers", "3");
        assertEquals(ConfigException.Kind.USAGE, e.kind());
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("did you mean '--workers'"), e.getMessage());
        assertTrue(error("services: [a.B]\n", "--timeout", "abc").getMessage().contains("--timeout: 'timeout' must be a number of seconds, got 'abc'"));
        ConfigException missing = assertThrows(ConfigException.class, () -> load(Map.of(), "-w", "2"));
        assertEquals(ConfigException.Kind.USAGE, missing.kind());
        ConfigException missingFile = assertThrows(ConfigException.class, () -> load(Map.of(), dir.resolve("none.yaml").toString()));
        assertTrue(missingFile.getMessage().contains("none.yaml: no such file"), missingFile.getMessage());
    }

    @Test
    void helpAndVersionAreNotErrors() {
        ConfigException help = assertThrows(ConfigException.class, () -> load(Map.of(), "--help"));
        assertEquals(ConfigException.Kind.HELP, help.kind());
        assertEquals(0, help.exitCode());
        for (Setting<?> s : Settings.all()) {
            for (String flag : s.flags()) assertTrue(help.getMessage().contains(flag), flag);
        }
        for (String command : List.of("rpc", "status", "ctl")) {
            assertTrue(Cli.isCommand(command), command);
            assertTrue(help.getMessage().lines().filter(l -> l.startsWith("  " + command + " ")).count() == 1, command + " has one line in\n" + help.getMessage());
        }
        assertTrue(help.getMessage().contains("jarbiter COMMAND --help"), "says where each command's options are");
        assertEquals(ConfigException.Kind.VERSION, assertThrows(ConfigException.class, () -> load(Map.of(), "--version")).kind());
    }

    @Test
    void envStringRoundTripsEverything() throws Exception {
        Config c = load(Map.of(), "-e", "A=1", "-e", "B=two words", "-b", "[::1]:0", "-b", "127.0.0.1:0",
                app("services: [a.B, c.D]\nclasspath: [lib/app.jar]\nkeepalive: 2.5\numask: '027'\nAMQP_URI: amqp://x\nextra: {k: [1, 2.5, true, null]}\n").toString());
        Config back = Config.fromEnvString(c.toEnvString());
        assertEquals(c.asMap(), back.asMap());
        assertEquals(c.classpath(), back.classpath());
        assertEquals(Map.of("A", "1", "B", "two words"), back.env());
        assertEquals(Duration.ofMillis(2500), back.keepalive());
        assertEquals(027, back.umask());
        assertEquals(dir.resolve("lib/app.jar"), back.classpath().get(0));
    }

    @Test
    void envStringKeepsEveryTypeTheSafeLoaderMakes() throws Exception {
        Config c = load(Map.of(), app("services: [a.B]\nwhen: 2001-12-14t21:59:43.10-05:00\nday: 2002-12-14\n"
                + "blob: !!binary aGVsbG8=\ntags: !!set {a, b}\nbig: 123456789012345678901234567890\nnested: {l: [{m: 1}], e: {}}\n").toString());
        Config back = Config.fromEnvString(c.toEnvString());
        assertEquals(c.serviceConfig().keySet(), back.serviceConfig().keySet());
        for (String key : List.of("when", "day", "blob", "tags", "big", "nested")) {
            assertEquals(c.serviceConfig().get(key), back.serviceConfig().get(key), key);
            assertEquals(c.serviceConfig().get(key).getClass(), back.serviceConfig().get(key).getClass(), key);
        }
    }

    @Test
    void envStringIsPrintableAsciiWhateverTheStringsHold() throws Exception {
        Config c = load(Map.of(), app("services: [a.B]\ngreeting: \"Grüß \\\"dich\\\" \\\\ \\t\\0 \\U0001F600\"\n").toString());
        String env = c.toEnvString();
        assertTrue(env.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f), env);
        assertEquals("Grüß \"dich\" \\ \t\0 \uD83D\uDE00", Config.fromEnvString(env).serviceConfig().get("greeting"));
    }

    @Test
    void envStringThatIsNotAnEncodingIsRefusedWithWhere() {
        for (String bad : List.of("{app_yaml: /a.yaml}", "{\"app_yaml\"\"/a\"", "[i12]", "\"x\"q", "[i1]2;]", "y!!;")) {
            ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnvString(bad), bad);
            assertTrue(e.getMessage().contains("configuration passed by the master is unreadable") && e.getMessage().contains("offset"), e.getMessage());
        }
    }

    @Test
    void reloadRereadsTheFileAndKeepsNothingOnError() throws Exception {
        Path p = app("services: [a.B]\nworkers: 2\n");
        Config c = load(Map.of(), p.toString());
        Files.writeString(p, "services: [a.B]\nworkers: 4\n");
        assertEquals(4, c.reload().workers());
        Files.writeString(p, "services: [a.B]\nworkers: -1\n");
        assertThrows(ConfigException.class, c::reload);
        assertEquals(2, c.workers(), "the running config is immutable");
    }
}
