package io.jarbiter.conf;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Where and as what syslog lines go: {@code syslog_addr} ({@code udp://HOST:PORT}, {@code tcp://HOST:PORT})
 * and {@code syslog_facility} by gunicorn's names. Unix sockets ({@code unix:///dev/log}) are refused:
 * /dev/log is a datagram socket, which the JDK cannot open.
 */
public record SyslogTarget(boolean tcp, String host, int port, int facility) {
    /** gunicorn's facility names, at their syslog codes (index = code), with gaps for the unnamed ones. */
    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
            "uucp", "cron", "authpriv", "ftp", "", "", "", "", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");

    /** Parses both settings; the errors name the setting, the bad value and what to write instead. */
    public static SyslogTarget parse(String addr, String facility) throws ConfigException {
        int code = facility(facility);
        String a = addr == null ? "udp://localhost:514" : addr.trim();
        if (a.startsWith("unix:")) {
            throw ConfigException.invalid("'syslog_addr' " + a + ": unix sockets are not supported (the JDK cannot write to a datagram"
                    + " socket such as /dev/log); let the local syslog daemon listen on UDP (rsyslog: module(load=\"imudp\")"
                    + " input(type=\"imudp\" port=\"514\")) and write syslog_addr: udp://localhost:514, or use tcp://HOST:PORT");
        }
        URI uri;
        try {
            uri = URI.create(a);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || !List.of("udp", "tcp").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null) {
            throw ConfigException.invalid("'syslog_addr' must be udp://HOST:PORT or tcp://HOST:PORT, e.g. udp://localhost:514, got '" + addr + "'");
        }
        return new SyslogTarget(uri.getScheme().equalsIgnoreCase("tcp"), uri.getHost(), uri.getPort() < 0 ? 514 : uri.getPort(), code);
    }

    /** The syslog code of a facility name ({@code syslog_facility}). */
    public static int facility(String facility) throws ConfigException {
        String f = facility == null ? "user" : facility.toLowerCase(Locale.ROOT);
        int code = f.isEmpty() ? -1 : FACILITIES.indexOf(f);
        if (code < 0 && f.equals("security")) code = FACILITIES.indexOf("auth");
        if (code < 0) {
            throw ConfigException.invalid("'syslog_facility' must be one of " + FACILITIES.stream().filter(n -> !n.isEmpty()).toList()
                    + ", got '" + facility + "'");
        }
        return code;
    }

    /** From a loaded configuration, whose values were checked at load. */
    public static SyslogTarget of(Config config) {
        try {
            return parse(config.get(Settings.SYSLOG_ADDR), config.get(Settings.SYSLOG_FACILITY));
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
