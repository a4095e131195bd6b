package io.jarbiter.messaging;

import io.jarbiter.container.DependencyFactory;
import io.jarbiter.container.DependencyProvider;
import io.jarbiter.container.DependencyType;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.WorkerContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;

/** Injects the call's own {@link WorkerContext} (nameko's worker_ctx), so tests can read the context back. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyType(CallContext.Factory.class)
@interface CallContext {
    final class Factory implements DependencyFactory<CallContext> {
        @Override
        public DependencyProvider<?> create(CallContext annotation, Field field, ServiceContainer container) {
            return (DependencyProvider<WorkerContext>) worker -> worker;
        }
    }
}
