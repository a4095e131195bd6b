package io.jarbiter.messaging;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** kombu's {@code binding(exchange, routing_key, arguments)}: one more way into a {@link Queue}. */
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Binding {
    Exchange exchange();

    String routingKey() default "";

    /** Binding arguments as {@code "key=value"} (for a headers exchange: {@code "x-match=all"}, {@code "kind=order"}). */
    String[] arguments() default {};
}
