package io.jarbiter.amqp;

import java.util.List;

/** nameko's {@code nameko.exceptions.MethodNotFound}, as a Java caller receives it. */
public final class MethodNotFound extends RemoteError {
    private static final long serialVersionUID = 1L;
    public static final String PATH = "nameko.exceptions.MethodNotFound";

    public MethodNotFound(String value) {
        super("MethodNotFound", PATH, List.of(value), value);
    }
}
