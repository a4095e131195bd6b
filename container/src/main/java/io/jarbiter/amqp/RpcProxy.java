package io.jarbiter.amqp;

import io.jarbiter.container.DependencyType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * nameko's {@code RpcProxy("other_service")}: {@code @RpcProxy("greeting_service") ServiceProxy greeter;}
 * injects a {@link ServiceProxy} whose calls carry this call's context data and call-id stack.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyType
public @interface RpcProxy {
    String value();

    /** Per-call timeout in seconds. */
    double timeout() default 30;
}
