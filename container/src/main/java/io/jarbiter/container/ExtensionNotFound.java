package io.jarbiter.container;

/** No entrypoint or dependency of that name (testing kit). */
public final class ExtensionNotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExtensionNotFound(String message) {
        super(message);
    }
}
