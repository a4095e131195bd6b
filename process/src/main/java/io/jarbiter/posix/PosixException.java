package io.jarbiter.posix;

import java.io.IOException;

/** A failed libc call: carries the call, errno and the C library's text for it. */
public final class PosixException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public PosixException(String call, int errno, String text) {
        super(call + ": " + text + " (errno " + errno + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
