package io.jarbiter.amqp;

import io.jarbiter.container.EntrypointType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * nameko's {@code @rpc}: the method answers {@code <service>.<method>} calls from the
 * {@code rpc-<service>} queue. Arguments arrive as JSON {@code args}/{@code kwargs} and are bound by
 * position and by parameter name; the result (any JSON-serialisable value) or the exception goes back
 * as nameko's reply. The request is acked only after the reply is published (at-least-once).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@EntrypointType
public @interface Rpc {
    Class<? extends Throwable>[] expectedExceptions() default {};

    String[] sensitiveArguments() default {};
}
