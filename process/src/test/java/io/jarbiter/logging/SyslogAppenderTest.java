package io.jarbiter.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.jarbiter.conf.SyslogTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** syslog lines over real UDP and TCP sockets, in RFC 3164's layout with the facility's priority. */
@Timeout(30)
class SyslogAppenderTest {
    private static final String RFC3164 = "<%d>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ %s\\[%d\\]: %s";

    private static Logger logger(SyslogAppender appender) {
        LoggerContext ctx = new LoggerContext();
        appender.setContext(ctx);
        appender.start();
        Logger log = ctx.getLogger("t");
        log.addAppender(appender);
        return log;
    }

    @Test
    void udpDatagramPerLine() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            SyslogAppender appender = new SyslogAppender(new SyslogTarget(false, "127.0.0.1", server.getLocalPort(), 16), "myapp", 42);
            Logger log = logger(appender);
            log.warn("disk {} full", "/var");
            log.error("failed", new IllegalStateException("boom"));
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            server.receive(p);
            String first = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            assertTrue(first.matches(String.format(RFC3164, 16 * 8 + 4, "myapp", 42, "\\[WARN\\] disk /var full")), first);
            server.receive(p);
            String second = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            assertTrue(second.matches(String.format(RFC3164, 16 * 8 + 3, "myapp", 42,
                    "\\[ERROR\\] failed: java.lang.IllegalStateException: boom")), second);
            appender.stop();
        }
    }

    @Test
    void tcpNewlineFramedAndSurvivesAMissingServer() throws Exception {
        SyslogAppender appender;
        Logger log;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            int port = server.getLocalPort();
            appender = new SyslogAppender(new SyslogTarget(true, "127.0.0.1", port, 1), "jarbiter", 7);
            log = logger(appender);
            log.info("one");
            log.info("two\nlines");
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String one = in.readLine();
                assertTrue(one.matches(String.format(RFC3164, 14, "jarbiter", 7, "\\[INFO\\] one")), one);
                String two = in.readLine();
                assertTrue(two.endsWith("[INFO] two lines"), two);
            }
        }
        log.info("dropped, the server is gone"); // does not throw
        appender.stop();
    }
}
