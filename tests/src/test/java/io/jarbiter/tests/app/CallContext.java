package io.jarbiter.tests.app;

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

/** Injects the call's own {@link WorkerContext} (nameko's worker_ctx), for tests that read it back. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyType(CallContext.Factory.class)
public @interface CallContext {

    /** Builds the provider. */
    final class Factory implements DependencyFactory<CallContext> {
        @Override
        public DependencyProvider<?> create(CallContext annotation, Field field, ServiceContainer container) {
            return new DependencyProvider<WorkerContext>() {
                @Override
                public WorkerContext getDependency(WorkerContext worker) {
                    return worker;
                }
            };
        }
    }
}
