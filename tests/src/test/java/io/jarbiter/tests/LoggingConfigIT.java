package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logging as users configure it: the application's logback.xml, logconfig, and syslog, against the real bin/jarbiter. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoggingConfigIT {
    @TempDir
    Path dir;

    private Path app(String classpath, String extraYaml) throws Exception {
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, "bind: 127.0.0.1:0\nworkers: 1\nclasspath: [" + classpath + "]\nservices: [io.jarbiter.tests.app.TestService]\n"
                + "worker_tmp_dir: " + dir + "\ncontrol_socket: " + dir.resolve("j.ctl") + "\n" + extraYaml);
        return app;
    }

    private static String fileAppender(String name, Path file, String prefix) {
        return "<appender name='" + name + "' class='ch.qos.logback.core.FileAppender'><file>" + file + "</file>"
                + "<encoder><pattern>" + prefix + " %level %logger %msg%n</pattern></encoder></appender>";
    }

    @Test
    void theApplicationsLogbackXmlIsAppliedInTheWorkersOnTopOfJarbiters() throws Exception {
        Path resources = Files.createDirectories(dir.resolve("resources"));
        Path appLog = dir.resolve("app.log");
        Files.writeString(resources.resolve("logback.xml"), "<configuration>" + fileAppender("APPFILE", appLog, "APP")
                + "<logger name='io.jarbiter.tests.app' level='INFO'/><root level='WARN'><appender-ref ref='APPFILE'/></root></configuration>");
        Path app = app(Jarbiter.TEST_CLASSES + ", " + resources, "");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            int port = j.awaitReady();
            assertEquals(200, Http.get(port, "/orphan").statusCode());
            j.awaitLog("orphans spawned: 1");
            j.signal("TERM");
            assertEquals(0, j.awaitExit(Duration.ofSeconds(40)), j.tail());
            String own = Files.readString(appLog);
            assertTrue(own.contains("APP INFO io.jarbiter.tests.app.TestService orphans spawned: 1"), own);
            assertTrue(own.contains("APP INFO jarbiter.worker Worker exiting"), "root WARN leaves jarbiter's lines at loglevel:\n" + own);
            assertTrue(j.log().contains("] [INFO] Worker exiting"), "lifecycle lines still in the error log:\n" + j.log());
        }
    }

    @Test
    void logconfigIsAppliedInTheMasterAndTheWorkers() throws Exception {
        Path opsLog = dir.resolve("ops.log");
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/ops.xml"), "<configuration>" + fileAppender("OPS", opsLog, "OPS")
                + "<root><appender-ref ref='OPS'/></root></configuration>");
        Path app = app(Jarbiter.TEST_CLASSES.toString(), "logconfig: conf/ops.xml\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            int port = j.awaitReady();
            assertEquals(200, Http.get(port, "/orphan").statusCode());
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(opsLog).contains("orphans spawned: 1"));
            String ops = Files.readString(opsLog);
            assertTrue(ops.contains("OPS INFO jarbiter.arbiter Listening at: http://127.0.0.1:" + port), ops);
            assertTrue(ops.contains("OPS INFO io.jarbiter.tests.app.TestService orphans spawned: 1"), ops);
            j.signal("TERM");
            assertEquals(0, j.awaitExit(Duration.ofSeconds(40)), j.tail());
        }
    }

    @Test
    void syslogOverUdpInRfc3164WithTheFacility() throws Exception {
        try (DatagramSocket syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            syslog.setSoTimeout(1000);
            Path app = app(Jarbiter.TEST_CLASSES.toString(), "syslog: true\nsyslog_addr: udp://127.0.0.1:" + syslog.getLocalPort()
                    + "\nsyslog_facility: local3\nsyslog_prefix: shop\n");
            try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
                int port = j.awaitReady();
                assertEquals(200, Http.get(port, "/orphan").statusCode());
                List<String> lines = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline && lines.stream().noneMatch(l -> l.contains("orphans spawned: 1"))) {
                    DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
                    try {
                        syslog.receive(p);
                        lines.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                    } catch (SocketTimeoutException e) {
                        // keep waiting until the deadline
                    }
                }
                // local3 = 19; info = 6: <158>
                Pattern rfc3164 = Pattern.compile("<158>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ shop\\[(\\d+)]: \\[INFO] (.*)");
                boolean master = false, worker = false;
                for (String line : lines) {
                    Matcher m = rfc3164.matcher(line);
                    assertTrue(m.matches() || line.startsWith("<15"), "RFC 3164 line: " + line);
                    if (!m.matches()) continue;
                    long pid = Long.parseLong(m.group(1));
                    if (pid == j.pid() && m.group(2).startsWith("Listening at: http://127.0.0.1:" + port)) master = true;
                    if (pid != j.pid() && m.group(2).equals("orphans spawned: 1")) worker = true;
                }
                assertTrue(master && worker, "master and worker lines in " + lines);
                j.signal("TERM");
                assertEquals(0, j.awaitExit(Duration.ofSeconds(40)), j.tail());
            }
        }
    }
}
