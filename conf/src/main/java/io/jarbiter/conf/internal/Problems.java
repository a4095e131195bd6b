package io.jarbiter.conf.internal;

import io.jarbiter.conf.ConfigException;

import java.util.ArrayList;
import java.util.List;

/**
 * The configuration errors of one load, gathered so that one run reports them all instead of one per
 * try. A command-line problem makes the whole a usage error (exit 2), as it was when the command line
 * was checked first; otherwise it is an invalid configuration (exit 1).
 */
public final class Problems {
    private final List<String> messages = new ArrayList<>();
    private boolean usage;

    /** A problem with the command line or {@code JARBITER_CMD_ARGS}. */
    public void usage(String message) {
        messages.add(message);
        usage = true;
    }

    /** A problem with app.yaml. */
    public void invalid(String message) {
        messages.add(message);
    }

    /** Keeps the problems of an exception thrown by a step that stops at its first. */
    public void add(ConfigException e) {
        if (e.kind() == ConfigException.Kind.USAGE) usage = true;
        messages.addAll(e.problems());
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public void throwIfAny() throws ConfigException {
        if (!messages.isEmpty()) {
            throw new ConfigException(usage ? ConfigException.Kind.USAGE : ConfigException.Kind.INVALID, messages);
        }
    }
}
