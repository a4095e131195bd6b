package io.jarbiter.conf.internal;

import io.jarbiter.conf.ConfigException;
import io.jarbiter.conf.IpAllowList;
import io.jarbiter.conf.Setting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Converts a raw value (a YAML scalar/list/map, or a command-line string) into a setting's plain
 * stored form and validates it. {@code where} prefixes every error: {@code app.yaml:7} or {@code --timeout}.
 */
public final class Values {
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^\\s\\[\\]:/]*):(\\d{1,5})");
    private static final List<String> LEVELS = List.of("debug", "info", "warning", "error", "critical");

    private Values() {}

    public static Object convert(Setting<?> s, Object raw, String where) throws ConfigException {
        String prefix = where + ": '" + s.name() + "'";
        return switch (s.kind()) {
            case INT -> checkMin(s, prefix, integer(raw, prefix));
            case SECONDS -> seconds(s, raw, prefix);
            case STRING, PATH -> raw == null ? null : scalar(raw, prefix);
            case LOGLEVEL -> level(raw, prefix);
            case LOGFORMAT -> logFormat(raw, prefix);
            case BOOL -> bool(raw, prefix);
            case OCTAL -> octal(raw, prefix);
            case STRINGS -> strings(raw, prefix);
            case ENV -> env(raw, prefix);
            case BINDS -> binds(raw, prefix);
            case ADDRESSES -> IpAllowList.normalize(raw, prefix);
            case CERT_REQS -> TlsValues.certReqs(raw, prefix);
            case TLS_VERSION -> TlsValues.minVersion(raw, prefix);
            case CIPHERS -> TlsValues.ciphers(raw, prefix);
            case RELOAD_STRATEGY -> reloadStrategy(raw, prefix);
            case WORKER_THREADS -> workerThreads(raw, prefix);
        };
    }

    private static int integer(Object raw, String prefix) throws ConfigException {
        if (raw instanceof Integer i) return i;
        if (raw instanceof Long l && l == l.intValue()) return l.intValue();
        if (raw instanceof String str) {
            try {
                return Integer.parseInt(str.trim());
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw ConfigException.invalid(prefix + " must be a whole number, got '" + raw + "'");
    }

    private static int checkMin(Setting<?> s, String prefix, int value) throws ConfigException {
        if (value < s.min()) throw ConfigException.invalid(prefix + " must be >= " + s.min() + ", got " + value);
        return value;
    }

    private static double seconds(Setting<?> s, Object raw, String prefix) throws ConfigException {
        double value;
        if (raw instanceof Number n) {
            value = n.doubleValue();
        } else {
            try {
                value = Double.parseDouble(String.valueOf(raw).trim());
            } catch (NumberFormatException e) {
                throw ConfigException.invalid(prefix + " must be a number of seconds, got '" + raw + "'");
            }
        }
        if (value < s.min() || Double.isNaN(value)) {
            throw ConfigException.invalid(prefix + " must be >= " + s.min() + " seconds, got " + raw);
        }
        return value;
    }

    private static String scalar(Object raw, String prefix) throws ConfigException {
        if (raw instanceof List || raw instanceof Map) {
            throw ConfigException.invalid(prefix + " must be a single value, got " + raw);
        }
        return String.valueOf(raw);
    }

    private static String level(Object raw, String prefix) throws ConfigException {
        String v = scalar(raw, prefix).toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(v)) throw ConfigException.invalid(prefix + " must be one of " + LEVELS + ", got '" + raw + "'");
        return v;
    }

    private static String logFormat(Object raw, String prefix) throws ConfigException {
        String v = scalar(raw, prefix).toLowerCase(Locale.ROOT);
        if (!List.of("text", "json").contains(v)) throw ConfigException.invalid(prefix + " must be 'text' or 'json', got '" + raw + "'");
        return v;
    }

    private static String reloadStrategy(Object raw, String prefix) throws ConfigException {
        String v = scalar(raw, prefix).toLowerCase(Locale.ROOT);
        if (!List.of("generation", "rolling").contains(v)) throw ConfigException.invalid(prefix + " must be 'generation' or 'rolling', got '" + raw + "'");
        return v;
    }

    private static String workerThreads(Object raw, String prefix) throws ConfigException {
        String v = scalar(raw, prefix).toLowerCase(Locale.ROOT);
        if (!List.of("platform", "virtual").contains(v)) throw ConfigException.invalid(prefix + " must be 'platform' or 'virtual', got '" + raw + "'");
        if (v.equals("virtual") && Runtime.version().feature() < 21) {
            throw ConfigException.invalid(prefix + " 'virtual' needs JDK 21 or newer, and workers run this JDK (" + Runtime.version().feature()
                    + "): set JAVA_HOME to a JDK 21+ or use 'platform'");
        }
        return v;
    }

    private static boolean bool(Object raw, String prefix) throws ConfigException {
        if (raw instanceof Boolean b) return b;
        String v = String.valueOf(raw).toLowerCase(Locale.ROOT);
        if (List.of("true", "yes", "on", "1").contains(v)) return true;
        if (List.of("false", "no", "off", "0").contains(v)) return false;
        throw ConfigException.invalid(prefix + " must be true or false, got '" + raw + "'");
    }

    private static int octal(Object raw, String prefix) throws ConfigException {
        String v = String.valueOf(raw).trim();
        try {
            int mask = raw instanceof Integer i && !v.startsWith("0") ? Integer.parseInt(Integer.toString(i), 8) : Integer.parseInt(v.replaceFirst("^0o", ""), 8);
            if (mask < 0 || mask > 0777) throw new NumberFormatException();
            return mask;
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(prefix + " must be an octal mask from 0 to 0777, e.g. 022, got '" + raw + "'");
        }
    }

    private static List<String> strings(Object raw, String prefix) throws ConfigException {
        List<String> out = new ArrayList<>();
        if (raw == null) return out;
        for (Object item : raw instanceof List<?> list ? list : List.of(raw)) {
            if (item instanceof List || item instanceof Map || item == null) {
                throw ConfigException.invalid(prefix + " must be a list of names, got entry " + item);
            }
            out.add(String.valueOf(item));
        }
        return out;
    }

    private static Map<String, String> env(Object raw, String prefix) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) out.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            return out;
        }
        for (String item : strings(raw, prefix)) {
            int eq = item.indexOf('=');
            if (eq <= 0) throw ConfigException.invalid(prefix + " entry '" + item + "' is not KEY=VALUE");
            out.put(item.substring(0, eq), item.substring(eq + 1));
        }
        return out;
    }

    private static List<String> binds(Object raw, String prefix) throws ConfigException {
        List<String> binds = strings(raw, prefix);
        if (binds.isEmpty()) throw ConfigException.invalid(prefix + " needs at least one address, e.g. 127.0.0.1:8000");
        for (String b : binds) checkBind(b, prefix);
        return binds;
    }

    private static void checkBind(String b, String prefix) throws ConfigException {
        if (b.startsWith("unix:")) {
            int bytes = b.substring(5).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > 107) {
                throw ConfigException.invalid(prefix + " entry '" + b + "': unix:PATH needs a path of 1 to 107 bytes"
                        + " (the kernel's limit for a socket path), e.g. unix:/run/app.sock");
            }
            return;
        }
        if (b.startsWith("fd://")) {
            if (!b.substring(5).matches("\\d+")) throw ConfigException.invalid(prefix + " entry '" + b + "': fd://N needs a number, e.g. fd://3");
            return;
        }
        var m = HOST_PORT.matcher(b);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
            throw ConfigException.invalid(prefix + " entry '" + b + "' is not HOST:PORT, [IPv6]:PORT, unix:PATH or fd://N; e.g. 127.0.0.1:8000");
        }
    }
}
