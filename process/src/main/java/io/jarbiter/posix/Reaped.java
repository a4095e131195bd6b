package io.jarbiter.posix;

/** A child reaped by waitpid: its pid and raw wait status, decoded as the W* macros do. */
public record Reaped(int pid, int status) {
    public boolean exited() {
        return (status & 0x7f) == 0;
    }

    public int exitCode() {
        return (status >> 8) & 0xff;
    }

    public boolean signaled() {
        return !exited() && (status & 0x7f) != 0x7f;
    }

    public int termSignal() {
        return status & 0x7f;
    }

    /** {@code "exit 3"} or {@code "signal kill"}, for logs and hooks. */
    public String describe() {
        return exited() ? "exit " + exitCode() : "signal " + Signals.name(termSignal());
    }
}
