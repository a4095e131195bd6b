package io.jarbiter.examples;

import io.jarbiter.container.DependencyFactory;
import io.jarbiter.container.DependencyProvider;
import io.jarbiter.container.DependencyType;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.WorkerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Example of a user-written dependency provider: injects the call's start time (nanos) and, in
 * {@code workerTeardown}, logs how long the call took (at DEBUG: run with --log-level debug). The provider lives as long as the container;
 * the injected value is per call.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyType(Stopwatch.Factory.class)
public @interface Stopwatch {

    /** Builds the provider for {@code @Stopwatch long startedAt;}-style fields (type {@code Long}). */
    final class Factory implements DependencyFactory<Stopwatch> {
        private static final Logger LOG = LoggerFactory.getLogger(Stopwatch.class);

        @Override
        public DependencyProvider<?> create(Stopwatch annotation, Field field, ServiceContainer container) {
            // keyed by the call's context, as nameko's providers key their dicts by worker_ctx
            Map<WorkerContext, Long> started = new ConcurrentHashMap<>();
            return new DependencyProvider<Long>() {
                @Override
                public Long getDependency(WorkerContext worker) {
                    long now = System.nanoTime();
                    started.put(worker, now);
                    return now;
                }

                @Override
                public void workerTeardown(WorkerContext worker) {
                    Long t0 = started.remove(worker);
                    if (t0 != null) LOG.debug("{} took {} ms", worker.callId(), (System.nanoTime() - t0) / 1_000_000);
                }
            };
        }
    }
}
