package io.jarbiter.container;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

/**
 * Builds the entrypoint for one annotated method. Needs a public no-argument constructor. Throw
 * {@link ServiceDefinitionException} (naming the method) when the method cannot work, so the worker
 * refuses to boot with a clear message instead of failing on the first call.
 */
public interface EntrypointFactory<A extends Annotation> {
    Entrypoint create(A annotation, Method method, ServiceContainer container) throws ServiceDefinitionException;
}
