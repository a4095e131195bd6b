package io.jarbiter.container;

/**
 * Something a container runs: an entrypoint, a dependency provider or a shared extension. The
 * container calls {@code setup} on every extension, then {@code start} on every extension; on a
 * graceful stop {@code stop}, on a kill {@code kill} (which must not block and must not throw).
 */
public interface Extension {
    default void setup() throws Exception {}

    default void start() throws Exception {}

    default void stop() {}

    default void kill() {}
}
