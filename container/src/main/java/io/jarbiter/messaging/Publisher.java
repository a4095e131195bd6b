package io.jarbiter.messaging;

import io.jarbiter.container.DependencyType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * nameko's {@code Publisher(exchange, declare=[...], **options)}: {@code @Publisher(...) MessagePublisher
 * publish;} publishes JSON messages to {@link #exchange} (the default exchange unless given) with this
 * call's context in {@code nameko.*} headers, persistent and confirmed by the broker as nameko's are. The
 * exchange and the {@link #declare} queues are declared at setup.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyType
public @interface Publisher {
    Exchange exchange() default @Exchange;

    /** The routing key when {@code publish} is given none; with the default exchange, a queue name. */
    String routingKey() default "";

    /** Queues (with their exchanges and bindings) to declare before publishing. */
    Queue[] declare() default {};

    /** Delivery mode 2 (persistent, nameko's default) or 1 (transient). */
    boolean persistent() default true;

    /** 0 to 255; effective on queues declared with {@code x-max-priority}. */
    int priority() default 0;

    /** Per-message TTL in seconds, as kombu's {@code expiration}; 0 for none. */
    double expiration() default 0;
}
