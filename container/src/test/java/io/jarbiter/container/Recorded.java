package io.jarbiter.container;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test dependency that records every lifecycle step in {@link #EVENTS} and injects a String naming
 * the call. {@code failIn} makes one step throw.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyType(Recorded.Factory.class)
@interface Recorded {
    String failIn() default "";

    List<String> EVENTS = new CopyOnWriteArrayList<>();

    final class Factory implements DependencyFactory<Recorded> {
        @Override
        public DependencyProvider<?> create(Recorded annotation, Field field, ServiceContainer container) {
            String fail = annotation.failIn();
            return new DependencyProvider<String>() {
                private void step(String name) {
                    EVENTS.add(name);
                    if (name.startsWith(fail) && !fail.isEmpty()) throw new IllegalStateException("failing in " + name);
                }

                @Override public void setup() { step("setup"); }
                @Override public void start() { step("start"); }
                @Override public void stop() { step("stop"); }
                @Override public void kill() { EVENTS.add("kill"); }
                @Override public String getDependency(WorkerContext worker) { step("inject " + worker.methodName()); return "dep for " + worker.callId(); }
                @Override public void workerSetup(WorkerContext worker) { step("workerSetup"); }
                @Override public void workerResult(WorkerContext worker, Object result, Throwable error) {
                    step("workerResult " + result + " " + (error == null ? "ok" : error.getClass().getSimpleName()));
                }
                @Override public void workerTeardown(WorkerContext worker) { step("workerTeardown"); }
            };
        }
    }
}
