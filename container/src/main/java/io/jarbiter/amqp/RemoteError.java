package io.jarbiter.amqp;

import java.util.List;

/**
 * An error raised by the remote method, carried as nameko's error dict
 * ({@code exc_type}, {@code exc_path}, {@code exc_args}, {@code value}). Its message is nameko's
 * {@code "<exc_type> <value>"}. Known nameko errors arrive as the subclasses of this package.
 */
public class RemoteError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String excType;
    private final String excPath;
    private final List<Object> excArgs;
    private final String value;

    public RemoteError(String excType, String excPath, List<Object> excArgs, String value) {
        super(excType + " " + value);
        this.excType = excType;
        this.excPath = excPath;
        this.excArgs = excArgs == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(excArgs));
        this.value = value;
    }

    public String excType() { return excType; }

    public String excPath() { return excPath; }

    public List<Object> excArgs() { return excArgs; }

    public String value() { return value; }
}
