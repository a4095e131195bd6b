package io.jarbiter.conf;

import java.util.List;

/**
 * A configuration that cannot be used, or a request for help or the version. The message is one
 * complete line for the operator: where (file:line, flag), which setting, the bad value and the fix,
 * e.g. {@code app.yaml:7: 'workers' must be >= 1, got 0}.
 *
 * <p>{@link #kind()} tells the caller what to do: {@link Kind#HELP} and {@link Kind#VERSION} carry
 * the text to print on stdout (exit 0); {@link Kind#USAGE} is a bad command line (exit 2);
 * {@link Kind#INVALID} is a bad or unreadable configuration file (exit 1).
 *
 * <p>One load reports every problem it finds ({@link #problems()}, one line each); the message joins
 * them with {@code "; "} for one-line logs.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of outcome this is. */
    public enum Kind { INVALID, USAGE, HELP, VERSION }

    private final Kind kind;
    private final List<String> problems;

    public ConfigException(Kind kind, String message) {
        this(kind, List.of(message));
    }

    /** Several problems found in one load, in the order they were found; at least one. */
    public ConfigException(Kind kind, List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        if (problems.isEmpty()) throw new IllegalArgumentException("a ConfigException needs at least one problem");
        this.kind = kind;
        this.problems = List.copyOf(problems);
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

    /** Each problem on its own line, e.g. {@code app.yaml:7: 'workers' must be >= 1, got 0}; for help, its text. */
    public List<String> problems() {
        return problems;
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
