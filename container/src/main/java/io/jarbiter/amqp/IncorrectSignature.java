package io.jarbiter.amqp;

import java.util.List;

/** nameko's {@code nameko.exceptions.IncorrectSignature}, as a Java caller receives it. */
public final class IncorrectSignature extends RemoteError {
    private static final long serialVersionUID = 1L;
    public static final String PATH = "nameko.exceptions.IncorrectSignature";

    public IncorrectSignature(String value) {
        super("IncorrectSignature", PATH, List.of(value), value);
    }
}
