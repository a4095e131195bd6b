package io.jarbiter.messaging;

/**
 * What a {@link Publisher} field gets: publishes to its exchange, with the call's context. Each publish
 * returns once the broker confirmed the message; a failure throws {@link java.io.UncheckedIOException}.
 */
public interface MessagePublisher {
    /** Publishes {@code message} (as JSON) with the routing key and options of the annotation. */
    void publish(Object message);

    /** Publishes with another routing key. */
    void publish(Object message, String routingKey);

    /** Publishes with per-message options (routing key, headers, priority, expiration, ...). */
    void publish(Object message, PublishOptions options);
}
