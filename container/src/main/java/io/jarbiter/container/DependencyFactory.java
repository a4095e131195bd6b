package io.jarbiter.container;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;

/** Builds the provider for one annotated dependency field. Needs a public no-argument constructor. */
public interface DependencyFactory<A extends Annotation> {
    DependencyProvider<?> create(A annotation, Field field, ServiceContainer container) throws ServiceDefinitionException;
}
