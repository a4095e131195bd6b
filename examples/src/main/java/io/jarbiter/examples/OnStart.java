package io.jarbiter.examples;

import io.jarbiter.container.Entrypoint;
import io.jarbiter.container.EntrypointFactory;
import io.jarbiter.container.EntrypointType;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

/**
 * Example of a user-written entrypoint: runs the method once in each worker, as soon as its
 * container has started (warm a cache, announce the worker). It spawns a worker like any entrypoint,
 * so the method gets its dependencies and the full per-call lifecycle.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@EntrypointType(OnStart.Factory.class)
public @interface OnStart {

    /** Builds the entrypoint. */
    final class Factory implements EntrypointFactory<OnStart> {
        @Override
        public Entrypoint create(OnStart annotation, Method method, ServiceContainer container) throws ServiceDefinitionException {
            if (method.getParameterCount() != 0) {
                throw new ServiceDefinitionException(method.getDeclaringClass().getName() + "." + method.getName()
                        + ": an @OnStart method takes no parameters");
            }
            return new Entrypoint(method, container) {
                @Override
                public void start() {
                    container().spawnWorker(this, new Object[0], Map.of(), List.of());
                }

                @Override
                public boolean countsAsRequest() {
                    return false;
                }
            };
        }
    }
}
