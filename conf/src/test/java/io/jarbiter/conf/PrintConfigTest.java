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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --print-config} prints an app.yaml: loading what it printed gives the same configuration. */
@Timeout(30)
class PrintConfigTest {
    @TempDir
    Path dir;

    private static final String APP = """
            bind: [127.0.0.1:8001, 'unix:run/app.sock']
            workers: 3
            timeout: 2.5
            graceful_timeout: 10
            umask: 0027
            classpath: [build/classes, lib/dep.jar]
            services: [com.acme.Greeting]
            jvm_args: [-Xmx64m, "-Dx=a b"]
            env: {GREETING: hello, EMPTY: ''}
            secure_scheme_headers: {X-SCHEME: https}
            certfile: certs/server.pem
            control_socket: ctl/j.ctl
            code_snapshot_dir: off
            pidfile: null
            accesslog: '-'
            loglevel: WARNING
            AMQP_URI: ${AMQP:amqp://guest:guest@localhost:5672/}
            AMQP_SSL: {ca_certs: /etc/ca.pem, cert_reqs: 2}
            LOGGING:
              version: 1
              handlers: {console: {class: logging.StreamHandler}}
              root: {level: INFO, handlers: [console]}
            LITERAL: '${NOT_EXPANDED}'
            FLAG: 'yes'
            RATE: 0.25
            """;

    @Test
    void printedYamlLoadsBackToTheSameConfiguration() throws Exception {
        Path original = Files.createDirectories(dir.resolve("orig")).resolve("app.yaml");
        Files.writeString(original, APP);
        Config first = Config.load(List.of("-w", "4", original.toString()), Map.of());
        String printed = first.toYaml();

        Path copy = Files.createDirectories(dir.resolve("elsewhere")).resolve("printed.yaml");
        Files.writeString(copy, printed);
        Config second = Config.load(List.of(copy.toString()), Map.of());

        assertEquals(printed, second.toYaml());
        assertEquals(first.classpath(), second.classpath());
        assertEquals(List.of(dir.resolve("orig/build/classes"), dir.resolve("orig/lib/dep.jar")), second.classpath());
        assertEquals(first.controlSocket(), second.controlSocket());
        assertEquals(first.codeSnapshotDir(), second.codeSnapshotDir());
        assertEquals(4, second.workers());
        assertEquals(Duration.ofMillis(2500), second.timeout());
        assertEquals(0027, second.umask());
        assertEquals(first.bind().get(0), second.bind().get(0));
        assertEquals("unix:" + Path.of("run/app.sock").toAbsolutePath(), second.bind().get(1));
        assertEquals(first.env(), second.env());
        assertEquals(first.get(Settings.SECURE_SCHEME_HEADERS), second.get(Settings.SECURE_SCHEME_HEADERS));
        assertEquals(first.jvmArgs(), second.jvmArgs());
        assertEquals("warning", second.loglevel());
        assertEquals(dir.resolve("orig/certs/server.pem").toString(), second.get(Settings.CERTFILE));
        assertEquals(first.serviceConfig(), second.serviceConfig());
        assertEquals("${NOT_EXPANDED}", second.serviceConfig().get("LITERAL"));
        assertEquals("yes", second.serviceConfig().get("FLAG"));
        assertEquals(Map.of("ca_certs", "/etc/ca.pem", "cert_reqs", 2), second.serviceConfig().get("AMQP_SSL"));
        assertEquals(first.asMap().keySet(), second.asMap().keySet());
    }

    @Test
    void everySettingButTheCommandLineActionsIsPrinted() throws Exception {
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, "services: [a.B]\nMY_KEY: 1\n");
        String printed = Config.load(List.of("--check-config", app.toString()), Map.of()).toYaml();
        for (Setting<?> s : Settings.all()) {
            boolean action = List.of("check_config", "print_config", "build_archive").contains(s.name());
            assertEquals(!action, printed.contains("\n" + s.name() + ":"), s.name() + " in\n" + printed);
        }
        assertTrue(printed.contains("\numask: '0022'\n"), printed);
        assertTrue(printed.contains("\npidfile: null\n"), printed);
        assertTrue(printed.indexOf("\nMY_KEY: 1\n") > printed.indexOf("# service configuration"), printed);
        assertFalse(printed.contains("check_config"), printed);
    }
}
