package io.jarbiter.conf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** syslog_addr, syslog_facility and logconfig: parsed, and refused with the remedy. */
@Timeout(30)
class LogSettingsTest {
    @TempDir
    Path dir;

    private Config load(String yaml) throws Exception {
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, "services: [a.B]\n" + yaml);
        return Config.load(List.of(app.toString()), Map.of());
    }

    @Test
    void defaultsAreGunicorns() throws Exception {
        Config c = load("");
        assertEquals(false, c.get(Settings.SYSLOG));
        assertEquals(new SyslogTarget(false, "localhost", 514, 1), SyslogTarget.of(c));
    }

    @Test
    void udpAndTcpAddressesAndFacilities() throws Exception {
        assertEquals(new SyslogTarget(false, "127.0.0.1", 5514, 19), SyslogTarget.parse("udp://127.0.0.1:5514", "local3"));
        assertEquals(new SyslogTarget(true, "logs.example", 514, 3), SyslogTarget.parse("tcp://logs.example", "DAEMON"));
        assertEquals(new SyslogTarget(true, "logs.example", 601, 3),
                SyslogTarget.of(load("syslog: true\nsyslog_addr: tcp://logs.example:601\nsyslog_facility: daemon\n")));
    }

    @Test
    void unixSocketsAndBadValuesAreRefusedWithTheRemedy() throws Exception {
        ConfigException unix = assertThrows(ConfigException.class, () -> load("syslog_addr: unix:///dev/log\n"));
        assertTrue(unix.getMessage().contains("app.yaml: 'syslog_addr' unix:///dev/log: unix sockets are not supported"), unix.getMessage());
        assertTrue(unix.getMessage().contains("syslog_addr: udp://localhost:514"), unix.getMessage());
        ConfigException bad = assertThrows(ConfigException.class, () -> load("syslog_addr: localhost:514\nsyslog_facility: nope\n"));
        assertTrue(bad.getMessage().contains("'syslog_addr' must be udp://HOST:PORT or tcp://HOST:PORT"), bad.getMessage());
        assertTrue(bad.getMessage().contains("'syslog_facility' must be one of [kern, user"), bad.getMessage());
    }

    @Test
    void logconfigIsAFileRelativeToAppYaml() throws Exception {
        ConfigException missing = assertThrows(ConfigException.class, () -> load("logconfig: conf/logback.xml\n"));
        assertTrue(missing.getMessage().contains("'logconfig' " + dir.resolve("conf/logback.xml") + ": no such readable file"), missing.getMessage());
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/logback.xml"), "<configuration/>");
        assertEquals("conf/logback.xml", load("logconfig: conf/logback.xml\n").get(Settings.LOGCONFIG));
    }
}
