package io.jarbiter.container;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;

/** A user-written entrypoint that never fires by itself: tests fire it through the testing kit. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@EntrypointType(Manual.Factory.class)
public @interface Manual {
    final class Factory implements EntrypointFactory<Manual> {
        @Override
        public Entrypoint create(Manual annotation, Method method, ServiceContainer container) {
            return new Entrypoint(method, container) { };
        }
    }
}
