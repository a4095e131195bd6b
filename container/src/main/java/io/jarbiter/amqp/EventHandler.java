package io.jarbiter.amqp;

import io.jarbiter.container.EntrypointType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * nameko's {@code @event_handler(source, event_type)}: the method (one parameter: the payload) runs for
 * each {@code eventType} event {@code source} dispatches. Queue names and flags are nameko's exactly:
 * SERVICE_POOL {@code evt-<source>-<type>--<service>.<method>}, SINGLETON {@code evt-<source>-<type>},
 * BROADCAST that name plus {@code -<uuid>} (needs {@code reliableDelivery = false}). The event is acked
 * after the method ran; when it throws it is requeued if {@code requeueOnError}, else dropped.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@EntrypointType
public @interface EventHandler {
    /** nameko's handler types. */
    enum HandlerType { SERVICE_POOL, SINGLETON, BROADCAST }

    String source();

    String eventType();

    HandlerType handlerType() default HandlerType.SERVICE_POOL;

    boolean reliableDelivery() default true;

    boolean requeueOnError() default false;

    Class<? extends Throwable>[] expectedExceptions() default {};
}
