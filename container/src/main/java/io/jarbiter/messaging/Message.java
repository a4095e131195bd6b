package io.jarbiter.messaging;

import java.util.Map;

/**
 * The message a {@link Consume} method handles, for methods that declare it as their second parameter:
 * where it came from and its headers (all of them, {@code nameko.*} included, values as plain Java
 * strings, numbers, booleans, lists and maps). Null fields were not set by the publisher. Null as a
 * whole when the call comes from the testing kit's {@code entrypointHook} without one.
 */
public record Message(String exchange, String routingKey, boolean redelivered, Map<String, Object> headers,
                      String contentType, Integer priority, String correlationId, String replyTo, String expiration) {
}
