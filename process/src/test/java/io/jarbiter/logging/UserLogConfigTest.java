package io.jarbiter.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user's logback file on top of jarbiter's set-up: its appenders and levels are added, jarbiter's stay. */
@Timeout(30)
class UserLogConfigTest {
    @TempDir
    Path dir;

    /** A context of its own, as logback's SLF4J binding would set it up (file appenders need the MDC adapter). */
    private static LoggerContext context() {
        LoggerContext ctx = new LoggerContext();
        ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        ctx.start();
        return ctx;
    }

    @Test
    void appendersAndLevelsAddedJarbiterLoggersKeepLoglevel() throws Exception {
        Path out = dir.resolve("user.log");
        Path xml = dir.resolve("logback.xml");
        Files.writeString(xml, """
                <configuration>
                  <appender name="USER" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>USER %%level %%logger %%msg%%n</pattern></encoder>
                  </appender>
                  <logger name="com.acme" level="DEBUG"/>
                  <root level="WARN"><appender-ref ref="USER"/></root>
                </configuration>
                """.formatted(out));
        LoggerContext ctx = context();
        LogSetup.configure(ctx, 1, dir.resolve("error.log").toString(), "info", null, "text");
        List<String> problems = UserLogConfig.apply(ctx, UserLogConfig.files(false, xml), Level.INFO);
        assertEquals(List.of(), problems);

        ctx.getLogger("com.acme.Thing").debug("acme debug");
        ctx.getLogger("jarbiter.worker").info("Booting worker");
        ctx.getLogger("other").info("hidden by root WARN");
        ctx.stop();

        String user = Files.readString(out);
        String error = Files.readString(dir.resolve("error.log"));
        assertTrue(user.contains("USER DEBUG com.acme.Thing acme debug"), user);
        assertTrue(user.contains("USER INFO jarbiter.worker Booting worker"), user);
        assertTrue(error.contains("[INFO] Booting worker") && error.contains("acme debug"), error);
        assertTrue(!error.contains("hidden") && !user.contains("hidden"), error + user);
    }

    @Test
    void aBrokenFileIsReportedNotThrown() throws Exception {
        Path xml = dir.resolve("broken.xml");
        Files.writeString(xml, "<configuration><appender name='X' class='no.such.Appender'/>");
        LoggerContext ctx = context();
        LogSetup.configure(ctx, 1, "-", "info", null, "text");
        List<String> problems = UserLogConfig.apply(ctx, UserLogConfig.files(false, xml), Level.INFO);
        assertTrue(!problems.isEmpty() && problems.get(0).contains("broken.xml"), problems.toString());
    }
}
