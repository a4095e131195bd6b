package io.jarbiter.conf;

/**
 * A configuration that cannot be used, or a request for help or the version. The message is one
 * complete line for the operator: where (file:line, flag), which setting, the bad value and the fix,
 * e.g. {@code app.yaml:7: 'workers' must be >= 1, got 0}.
 *
 * <p>{@link #kind()} tells the caller what to do: {@link Kind#HELP} and {@link Kind#VERSION} carry
 * the text to print on stdout (exit 0); {@link Kind#USAGE} is a bad command line (exit 2);
 * {@link Kind#INVALID} is a bad or unreadable configuration file (exit 1).
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of outcome this is. */
    public enum Kind { INVALID, USAGE, HELP, VERSION }

    private final Kind kind;

    public ConfigException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public static ConfigException invalid(String message) {
        return new ConfigException(Kind.INVALID, message);
    }

    public static ConfigException usage(String message) {
        return new ConfigException(Kind.USAGE, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The process exit code for this outcome: 0 help/version, 2 usage, 1 invalid configuration. */
    public int exitCode() {
        return switch (kind) {
            case HELP, VERSION -> 0;
            case USAGE -> 2;
            case INVALID -> 1;
        };
    }
}
