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

/**
 * A user-written dependency whose start fails when the service config has {@code fail_on_start: true},
 * and which hangs in start when it has {@code hang_on_start: true} (a worker that never boots); with
 * {@code fail_on_start_when: PATH} it fails once that file exists (a later boot of the same configuration fails).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyType(FailOnStart.Factory.class)
public @interface FailOnStart {

    /** Builds the provider. */
    final class Factory implements DependencyFactory<FailOnStart> {
        @Override
        public DependencyProvider<?> create(FailOnStart annotation, Field field, ServiceContainer container) {
            boolean fail = Boolean.TRUE.equals(container.config().get("fail_on_start"));
            boolean hang = Boolean.TRUE.equals(container.config().get("hang_on_start"));
            Object marker = container.config().get("fail_on_start_when");
            return new DependencyProvider<Object>() {
                @Override
                public void start() throws InterruptedException {
                    if (marker != null && java.nio.file.Files.exists(java.nio.file.Path.of(marker.toString()))) {
                        throw new IllegalStateException("fail_on_start_when: " + marker + " exists: this provider refuses to start");
                    }
                    if (fail) throw new IllegalStateException("fail_on_start is set: this provider refuses to start");
                    if (hang) new java.util.concurrent.CountDownLatch(1).await(); // until the master kills us
                }

                @Override
                public Object getDependency(WorkerContext worker) {
                    return null;
                }
            };
        }
    }
}
