package io.jarbiter.amqp;

/** Dispatches events: {@code dispatch("greeted", Map.of("name", name))}. */
public interface Dispatcher {
    /** Publishes {@code payload} (JSON) as event {@code eventType}; confirmed by the broker before it returns. */
    void dispatch(String eventType, Object payload);
}
