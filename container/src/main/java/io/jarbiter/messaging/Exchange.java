package io.jarbiter.messaging;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * kombu's {@code Exchange(name, type, durable, auto_delete, arguments)}, with kombu's defaults. The
 * default exchange ({@code name = ""}) and {@code amq.*} exchanges are never declared, as in kombu.
 * Used inside {@link Queue}, {@link Binding} and {@link Publisher}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Exchange {
    /** The exchange name; {@code ""} is the broker's default exchange (routing key = queue name). */
    String name() default "";

    ExchangeType type() default ExchangeType.DIRECT;

    boolean durable() default true;

    boolean autoDelete() default false;

    /** Exchange arguments as {@code "key=value"}, e.g. {@code "alternate-exchange=unrouted"}; see {@link Queue#arguments}. */
    String[] arguments() default {};
}
