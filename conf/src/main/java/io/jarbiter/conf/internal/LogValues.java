package io.jarbiter.conf.internal;

import io.jarbiter.conf.ConfigException;
import io.jarbiter.conf.SyslogTarget;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Checks the logging settings that depend on each other or on files: syslog_addr/syslog_facility, logconfig. */
final class LogValues {
    private LogValues() {}

    static void check(Path appYaml, Map<String, Object> values, Problems problems) {
        try {
            SyslogTarget.parse((String) values.get("syslog_addr"), "user");
        } catch (ConfigException e) {
            problems.invalid(appYaml.getFileName() + ": " + e.getMessage());
        }
        try {
            SyslogTarget.facility((String) values.get("syslog_facility"));
        } catch (ConfigException e) {
            problems.invalid(appYaml.getFileName() + ": " + e.getMessage());
        }
        Object logconfig = values.get("logconfig");
        if (logconfig != null) {
            Path file = appYaml.getParent().resolve(String.valueOf(logconfig)).normalize();
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                problems.invalid(appYaml.getFileName() + ": 'logconfig' " + file + ": no such readable file (a logback XML file, relative to app.yaml)");
            }
        }
    }
}
