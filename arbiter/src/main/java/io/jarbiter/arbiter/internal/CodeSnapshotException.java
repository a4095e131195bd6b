package io.jarbiter.arbiter.internal;

import java.io.IOException;

/** A generation's code snapshot cannot be taken; the message names the entry or directory and the remedy. */
public final class CodeSnapshotException extends IOException {
    private static final long serialVersionUID = 1L;

    CodeSnapshotException(String message) {
        super(message);
    }
}
