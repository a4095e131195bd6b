package io.jarbiter.messaging;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-message options for {@link MessagePublisher#publish(Object, PublishOptions)}, as nameko's
 * {@code publish(msg, routing_key=..., headers=..., priority=..., expiration=..., delivery_mode=...)}.
 * Immutable: each method returns a copy. Options left unset keep the {@link Publisher}'s values; the
 * call's {@code nameko.*} context headers win over headers of the same name, as in nameko.
 * <pre>{@code publish.publish(order, PublishOptions.routingKey("order.new").header("tenant", "acme").priority(5));}</pre>
 */
public final class PublishOptions {
    private static final PublishOptions NONE = new PublishOptions(null, Map.of(), null, null, null, null, null);

    private final String routingKey;
    private final Map<String, Object> headers;
    private final Integer priority;
    private final Duration expiration;
    private final Boolean persistent;
    private final String correlationId;
    private final String replyTo;

    private PublishOptions(String routingKey, Map<String, Object> headers, Integer priority, Duration expiration,
                           Boolean persistent, String correlationId, String replyTo) {
        this.routingKey = routingKey;
        this.headers = headers;
        this.priority = priority;
        this.expiration = expiration;
        this.persistent = persistent;
        this.correlationId = correlationId;
        this.replyTo = replyTo;
    }

    /** No options: everything as the {@link Publisher} says. */
    public static PublishOptions defaults() {
        return NONE;
    }

    public static PublishOptions routingKey(String routingKey) {
        return NONE.withRoutingKey(routingKey);
    }

    public PublishOptions withRoutingKey(String key) {
        return new PublishOptions(key, headers, priority, expiration, persistent, correlationId, replyTo);
    }

    /** Adds one message header (values: strings, numbers, booleans, lists and maps of them). */
    public PublishOptions header(String name, Object value) {
        Map<String, Object> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new PublishOptions(routingKey, Collections.unmodifiableMap(h), priority, expiration, persistent, correlationId, replyTo);
    }

    public PublishOptions headers(Map<String, ?> more) {
        Map<String, Object> h = new LinkedHashMap<>(headers);
        h.putAll(more);
        return new PublishOptions(routingKey, Collections.unmodifiableMap(h), priority, expiration, persistent, correlationId, replyTo);
    }

    /** 0 to 255. */
    public PublishOptions priority(int value) {
        if (value < 0 || value > 255) throw new IllegalArgumentException("message priority must be 0 to 255, got " + value);
        return new PublishOptions(routingKey, headers, value, expiration, persistent, correlationId, replyTo);
    }

    /** Per-message TTL (whole milliseconds on the wire). */
    public PublishOptions expiration(Duration ttl) {
        if (ttl.isNegative()) throw new IllegalArgumentException("message expiration must not be negative, got " + ttl);
        return new PublishOptions(routingKey, headers, priority, ttl, persistent, correlationId, replyTo);
    }

    /** Delivery mode 2 (true) or 1 (false). */
    public PublishOptions persistent(boolean value) {
        return new PublishOptions(routingKey, headers, priority, expiration, value, correlationId, replyTo);
    }

    public PublishOptions correlationId(String id) {
        return new PublishOptions(routingKey, headers, priority, expiration, persistent, id, replyTo);
    }

    public PublishOptions replyTo(String queue) {
        return new PublishOptions(routingKey, headers, priority, expiration, persistent, correlationId, queue);
    }

    /** The routing key, or null for the publisher's. */
    public String routingKey() {
        return routingKey;
    }

    public Map<String, Object> headers() {
        return headers;
    }

    /** The priority, or null for the publisher's. */
    public Integer priority() {
        return priority;
    }

    /** The TTL, or null for the publisher's. */
    public Duration expiration() {
        return expiration;
    }

    /** Persistence, or null for the publisher's. */
    public Boolean persistent() {
        return persistent;
    }

    public String correlationId() {
        return correlationId;
    }

    public String replyTo() {
        return replyTo;
    }

    @Override
    public String toString() {
        return "PublishOptions(routingKey=" + routingKey + ", headers=" + headers + ", priority=" + priority
                + ", expiration=" + expiration + ", persistent=" + persistent + ")";
    }
}
