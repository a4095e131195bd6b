package io.jarbiter.arbiter.internal;

/** Unwinds the master loop to {@code halt(code)}; carries the exit code and the reason. */
public final class HaltException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public HaltException(int exitCode, String reason) {
        super(reason, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
