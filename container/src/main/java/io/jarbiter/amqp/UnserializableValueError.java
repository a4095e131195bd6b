package io.jarbiter.amqp;

import java.util.List;

/** nameko's {@code nameko.exceptions.UnserializableValueError}, as a Java caller receives it. */
public final class UnserializableValueError extends RemoteError {
    private static final long serialVersionUID = 1L;
    public static final String PATH = "nameko.exceptions.UnserializableValueError";

    public UnserializableValueError(String value) {
        super("UnserializableValueError", PATH, List.of(value), value);
    }
}
