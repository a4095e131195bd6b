package io.jarbiter.messaging;

import io.jarbiter.container.EntrypointType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * nameko's {@code @consume(queue, requeue_on_error=False)}: the method runs for each message of
 * {@link #queue} (declared at setup, with its exchange and bindings). Its first parameter gets the JSON
 * body ({@code byte[]}: the raw body); an optional second {@link Message} parameter gets the message's
 * routing key, headers and properties. {@code nameko.*} headers become the call's context data and
 * call-id stack. The message is acked after the method ran; when it throws it is requeued if
 * {@link #requeueOnError}, else acked and dropped, as nameko does. A body that cannot be decoded is
 * logged and dropped (kombu acks it too).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@EntrypointType
public @interface Consume {
    Queue queue();

    boolean requeueOnError() default false;

    Class<? extends Throwable>[] expectedExceptions() default {};
}
