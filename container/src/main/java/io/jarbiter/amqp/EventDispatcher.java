package io.jarbiter.amqp;

import io.jarbiter.container.DependencyType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * nameko's {@code EventDispatcher()}: {@code @EventDispatcher Dispatcher dispatch;} publishes events to
 * {@code <this service>.events} with this call's context in {@code nameko.*} headers.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyType
public @interface EventDispatcher {
}
