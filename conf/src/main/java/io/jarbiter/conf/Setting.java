package io.jarbiter.conf;

import java.util.List;

/**
 * One setting, declared once: its app.yaml name, command-line flags, type, default and one-line doc.
 * The parser, {@code --help}, {@code --print-config} and the README's settings table all come from
 * these declarations ({@link Settings#all()}).
 *
 * @param <T> the Java type {@link Config#get} returns
 */
public final class Setting<T> {
    /** How a value is written and checked. */
    public enum Kind { INT, SECONDS, STRING, PATH, BOOL, STRINGS, ENV, OCTAL, BINDS, LOGLEVEL, LOGFORMAT,
        /** IP addresses and CIDR networks, or {@code *}, comma-separated ({@link IpAllowList}); stored as that string. */
        ADDRESSES,
        CERT_REQS, TLS_VERSION, CIPHERS,
        /** {@code generation} or {@code rolling}. */
        RELOAD_STRATEGY,
        /** {@code platform} or {@code virtual}. */
        WORKER_THREADS,
    }

    private final String name;
    private final List<String> flags;
    private final String metavar;
    private final Kind kind;
    private final Object defaultValue;
    private final String doc;
    private final String section;
    private final long min;

    Setting(String section, String name, List<String> flags, String metavar, Kind kind, Object defaultValue, long min, String doc) {
        this.section = section;
        this.name = name;
        this.flags = List.copyOf(flags);
        this.metavar = metavar;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.min = min;
        this.doc = doc;
    }

    /** The app.yaml key, gunicorn's setting name, e.g. {@code graceful_timeout}. */
    public String name() {
        return name;
    }

    /** Command-line flags, e.g. {@code [-t, --timeout]}; empty for app.yaml-only settings. */
    public List<String> flags() {
        return flags;
    }

    public String metavar() {
        return metavar;
    }

    public Kind kind() {
        return kind;
    }

    /** The default in its plain form (seconds as a number, paths as strings); may be null. */
    public Object defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    public String section() {
        return section;
    }

    /** Smallest allowed value for numeric kinds. */
    public long min() {
        return min;
    }

    /** Whether the flag takes a value (booleans do not) and may repeat (lists do). */
    public boolean repeatable() {
        return kind == Kind.STRINGS || kind == Kind.ENV || kind == Kind.BINDS;
    }

    @Override
    public String toString() {
        return name;
    }
}
