package io.jarbiter.hooks.internal;

/** A hook class that cannot be loaded or built, or a strict hook call that failed; the message says which. */
public final class HookLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public HookLoadException(String message) {
        super(message);
    }

    public HookLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
