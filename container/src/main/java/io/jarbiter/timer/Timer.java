package io.jarbiter.timer;

import io.jarbiter.container.EntrypointType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * nameko's {@code @timer}: call the method every {@code interval} seconds, in every worker. The first
 * tick comes after one interval, or at once when {@code eager}. Ticks aim at start + n × interval,
 * but the next never starts before the previous call finished: an overrun tick fires as soon as the
 * call ends, and ticks never overlap or pile up.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@EntrypointType(TimerEntrypoint.Factory.class)
public @interface Timer {
    double interval();

    boolean eager() default false;
}
