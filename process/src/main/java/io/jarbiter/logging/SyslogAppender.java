package io.jarbiter.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.jarbiter.conf.SyslogTarget;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * gunicorn's {@code syslog}: each log line as one RFC 3164 message,
 * {@code <PRI>Mmm dd hh:mm:ss HOST TAG[PID]: [LEVEL] message}, over UDP (one datagram each) or TCP
 * (newline-framed, RFC 6587). A line that cannot be sent is dropped: a syslog daemon that is down must
 * not stop the service. TCP reconnects with a bounded connect, at most once per pause.
 * logback's own SyslogAppender is not used: it speaks UDP only and writes no TAG[PID].
 */
final class SyslogAppender extends AppenderBase<ILoggingEvent> {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);
    private static final int MAX_DATAGRAM = 2048;
    private static final int CONNECT_TIMEOUT_MS = 1000;
    /** After a failed TCP send, lines are dropped without trying for this long: a dead server costs one connect timeout per pause, not per line. */
    private static final long TCP_RETRY_PAUSE_NANOS = 5_000_000_000L;

    private final SyslogTarget target;
    private final String tag;
    private final long pid;
    private final String hostname;
    private DatagramSocket udp;
    private Socket tcp;
    private OutputStream tcpOut;
    private long tcpRetryAt;

    SyslogAppender(SyslogTarget target, String tag, long pid) {
        this.target = target;
        this.tag = tag;
        this.pid = pid;
        this.hostname = localHostname();
        this.tcpRetryAt = System.nanoTime();
    }

    /** The RFC 3164 line for one event, without the TCP frame's newline. */
    String format(ILoggingEvent event) {
        int pri = target.facility() * 8 + severity(event.getLevel());
        String when = TIMESTAMP.format(Instant.ofEpochMilli(event.getTimeStamp()).atZone(ZoneId.systemDefault()));
        StringBuilder line = new StringBuilder().append('<').append(pri).append('>').append(when).append(' ').append(hostname)
                .append(' ').append(tag).append('[').append(pid).append("]: [").append(event.getLevel()).append("] ")
                .append(event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) line.append(": ").append(thrown.getClassName()).append(": ").append(thrown.getMessage());
        return line.toString().replace('\n', ' ');
    }

    @Override
    protected void append(ILoggingEvent event) {
        byte[] bytes = format(event).getBytes(StandardCharsets.UTF_8);
        try {
            if (target.tcp()) {
                sendTcp(bytes);
            } else {
                sendUdp(bytes);
            }
        } catch (IOException | RuntimeException e) {
            closeSockets();
            tcpRetryAt = System.nanoTime() + TCP_RETRY_PAUSE_NANOS;
            addWarn("syslog line to " + target.host() + ":" + target.port() + " dropped: " + e);
        }
    }

    private void sendUdp(byte[] bytes) throws IOException {
        if (udp == null) udp = new DatagramSocket();
        int length = Math.min(bytes.length, MAX_DATAGRAM);
        udp.send(new DatagramPacket(bytes, length, InetAddress.getByName(target.host()), target.port()));
    }

    private void sendTcp(byte[] bytes) throws IOException {
        if (tcp == null) {
            if (System.nanoTime() - tcpRetryAt < 0) return;
            Socket s = new Socket();
            s.connect(new InetSocketAddress(target.host(), target.port()), CONNECT_TIMEOUT_MS);
            tcp = s;
            tcpOut = s.getOutputStream();
        }
        tcpOut.write(bytes);
        tcpOut.write('\n');
        tcpOut.flush();
    }

    @Override
    public void stop() {
        closeSockets();
        super.stop();
    }

    private void closeSockets() {
        if (udp != null) udp.close();
        udp = null;
        try {
            if (tcp != null) tcp.close();
        } catch (IOException ignored) {
            // already broken
        }
        tcp = null;
        tcpOut = null;
    }

    private static int severity(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) return 3;
        if (level.isGreaterOrEqual(Level.WARN)) return 4;
        if (level.isGreaterOrEqual(Level.INFO)) return 6;
        return 7;
    }

    private static String localHostname() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            int dot = name.indexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        } catch (IOException e) {
            return "localhost";
        }
    }
}
