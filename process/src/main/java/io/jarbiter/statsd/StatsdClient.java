package io.jarbiter.statsd;

import io.jarbiter.conf.Config;
import io.jarbiter.conf.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Sends gunicorn's statsd metrics ({@code statsd_host}, {@code statsd_prefix}, {@code dogstatsd_tags}) over UDP,
 * in gunicorn's line format: {@code PREFIX.NAME:VALUE|c|@1.0}, {@code |ms}, {@code |g}, with {@code |#TAGS} appended
 * when tags are set. Fire and forget: a lost datagram or an unreachable collector never slows a request down.
 * Thread-safe (one non-blocking channel, each send a single datagram).
 */
public final class StatsdClient {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.statsd");
    /** statsd's usual port, taken when {@code statsd_host} names none. */
    public static final int DEFAULT_PORT = 8125;
    private final DatagramChannel channel;
    private final InetSocketAddress target;
    private final String prefix;
    private final String tags;
    private volatile boolean warned;

    StatsdClient(DatagramChannel channel, InetSocketAddress target, String prefix, String tags) {
        this.channel = channel;
        this.target = target;
        this.prefix = prefix;
        this.tags = tags;
    }

    /** The client {@code config} asks for, or empty when {@code statsd_host} is unset or unusable (logged). */
    public static Optional<StatsdClient> of(Config config) {
        String host = config.get(Settings.STATSD_HOST);
        if (host == null || host.isBlank()) return Optional.empty();
        try {
            DatagramChannel channel = DatagramChannel.open();
            channel.configureBlocking(false);
            return Optional.of(new StatsdClient(channel, address(host), prefix(config.get(Settings.STATSD_PREFIX)),
                    tags(config.get(Settings.DOGSTATSD_TAGS))));
        } catch (IllegalArgumentException | IOException e) {
            LOG.error("statsd_host '{}': {}; no statsd metrics are sent", host, e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code HOST:PORT}, {@code HOST} (port 8125) or {@code [IPv6]:PORT}. */
    static InetSocketAddress address(String hostPort) {
        String host = hostPort.trim();
        int port = DEFAULT_PORT;
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(':') == colon || host.startsWith("[") && host.contains("]:")) {
            try {
                port = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the port is not a number; use HOST:PORT, for example localhost:8125");
            }
            host = host.substring(0, colon);
        }
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) throw new IllegalArgumentException("host '" + host + "' does not resolve");
        return address;
    }

    /** gunicorn's: the prefix followed by exactly one dot, or nothing. */
    static String prefix(String prefix) {
        if (prefix == null) return "";
        String p = prefix.replaceAll("\\.+$", "");
        return p.isEmpty() ? "" : p + ".";
    }

    private static String tags(String tags) {
        return tags == null || tags.isBlank() ? "" : "|#" + tags.trim();
    }

    public void increment(String name, long value) {
        send(name + ":" + value + "|c|@1.0");
    }

    /** A timing in milliseconds (gunicorn's {@code histogram}). */
    public void timing(String name, double millis) {
        send(name + ":" + String.format(java.util.Locale.ROOT, "%.3f", millis) + "|ms");
    }

    public void gauge(String name, long value) {
        send(name + ":" + value + "|g");
    }

    private void send(String metric) {
        byte[] line = (prefix + metric + tags).getBytes(StandardCharsets.UTF_8);
        try {
            channel.send(ByteBuffer.wrap(line), target);
        } catch (IOException | RuntimeException e) {
            if (!warned) { // once: a down collector must not flood the error log (whose warnings statsd counts)
                warned = true;
                LOG.debug("statsd: cannot send to {}: {}", target, e.toString());
            }
        }
    }
}
