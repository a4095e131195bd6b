package io.jarbiter.messaging;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * kombu's {@code Queue(name, exchange, routing_key, durable, exclusive, auto_delete, queue_arguments,
 * binding_arguments, bindings)}, with kombu's defaults, declared as kombu declares it: the exchange,
 * then the queue, then its binding {@code exchange --routingKey--> queue} (none for the default
 * exchange), then each of {@link #bindings}. Redeclaring a queue or exchange with other flags than it
 * already has fails with the broker's {@code PRECONDITION_FAILED}, naming the difference.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Queue {
    /** The queue name; {@code ""} lets the broker name it (give such a queue {@code exclusive = true}). */
    String name();

    /** The exchange the queue is bound to with {@link #routingKey}; the default exchange binds nothing. */
    Exchange exchange() default @Exchange;

    String routingKey() default "";

    boolean durable() default true;

    /** Only this worker's connection may use it; implies auto-delete (as in kombu). */
    boolean exclusive() default false;

    boolean autoDelete() default false;

    /**
     * Queue arguments as {@code "key=value"}: {@code "x-max-priority=10"}, {@code "x-message-ttl=60000"},
     * {@code "x-queue-type=quorum"}. Integers are sent as numbers, {@code true}/{@code false} as booleans,
     * anything else as a string.
     */
    String[] arguments() default {};

    /** Arguments of the binding to {@link #exchange}, as {@code "key=value"} (headers exchanges). */
    String[] bindingArguments() default {};

    /** Further bindings (kombu's {@code bindings=[binding(...)]}); with them, {@link #exchange} must stay the default. */
    Binding[] bindings() default {};
}
