package io.jarbiter.container;

/** A service class that cannot run; the message names the class and member and says why. */
public final class ServiceDefinitionException extends Exception {
    private static final long serialVersionUID = 1L;

    public ServiceDefinitionException(String message) {
        super(message);
    }
}
