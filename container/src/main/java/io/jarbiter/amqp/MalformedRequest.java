package io.jarbiter.amqp;

import java.util.List;

/** nameko's {@code nameko.exceptions.MalformedRequest}, as a Java caller receives it. */
public final class MalformedRequest extends RemoteError {
    private static final long serialVersionUID = 1L;
    public static final String PATH = "nameko.exceptions.MalformedRequest";

    public MalformedRequest(String value) {
        super("MalformedRequest", PATH, List.of(value), value);
    }
}
