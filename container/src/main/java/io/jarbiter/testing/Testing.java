package io.jarbiter.testing;

import io.jarbiter.container.DependencyProvider;
import io.jarbiter.container.DependencyType;
import io.jarbiter.container.Entrypoint;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.WorkerContext;

import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * nameko's testing helpers. Example:
 * <pre>{@code
 * try (ContainerFactory factory = new ContainerFactory()) {
 *     ServiceContainer c = factory.create(GreetingService.class, Map.of());
 *     Testing.replaceDependencies(c, Map.of("clock", fixedClock));
 *     c.start();
 *     assertEquals("Hello, Ann!", Testing.entrypointHook(c, "hello").call("Ann"));
 * }
 * }</pre>
 */
public final class Testing {
    /** How long hooks and waiters wait unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Testing() {}

    /**
     * A service instance with every dependency field set: to {@code replacements.get(fieldName)} when
     * given, else to an empty map for a {@code Map} field, else to a recording {@link Mock} of the
     * field's interface or class. No container, no lifecycle.
     *
     * @throws IllegalArgumentException for a field of a type that cannot be mocked (a final class, a
     *         primitive) and has no replacement: the message names the field and the remedy
     */
    public static <T> T workerFactory(Class<T> serviceClass, Map<String, Object> replacements) {
        try {
            Constructor<T> ctor = serviceClass.getDeclaredConstructor();
            ctor.setAccessible(true);
            T instance = ctor.newInstance();
            for (String name : replacements.keySet()) dependencyField(serviceClass, name);
            for (Class<?> c = serviceClass; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!isDependency(f)) continue;
                    f.setAccessible(true);
                    f.set(instance, replacements.containsKey(f.getName()) ? replacements.get(f.getName()) : standIn(f));
                }
            }
            return instance;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot build " + serviceClass.getName() + ": " + e, e);
        }
    }

    private static Object standIn(Field f) {
        if (f.getType() == Map.class) return Map.of();
        String whyNot = Mock.whyNot(f.getType());
        if (whyNot != null) {
            throw new IllegalArgumentException(f.getDeclaringClass().getSimpleName() + "." + f.getName() + " cannot be a recording Mock: "
                    + whyNot + "; pass a replacement in the map (Map.of(\"" + f.getName() + "\", ...)), or declare the field as an interface");
        }
        return Mock.of(f.getType());
    }

    public static <T> T workerFactory(Class<T> serviceClass) {
        return workerFactory(serviceClass, Map.of());
    }

    /** Replaces the named dependency providers by ones injecting the given objects. Before start. */
    public static void replaceDependencies(ServiceContainer container, Map<String, Object> replacements) {
        replacements.forEach((name, value) -> container.replaceDependency(name, new FixedProvider(value)));
    }

    /** Keeps only the named entrypoints, so other timers and consumers never start. Before start. */
    public static void restrictEntrypoints(ServiceContainer container, String... methodNames) {
        container.restrictEntrypoints(List.of(methodNames));
    }

    /** A callable that runs a real worker for {@code method} (full lifecycle, no transport). */
    public static EntrypointHook entrypointHook(ServiceContainer container, String method) {
        return new EntrypointHook(container, container.entrypoint(method));
    }

    /** Waits, on close, until a worker for {@code method} completed workerResult and teardown. */
    public static EntrypointWaiter entrypointWaiter(ServiceContainer container, String method, Duration timeout) {
        return new EntrypointWaiter(container, container.entrypoint(method), timeout);
    }

    public static EntrypointWaiter entrypointWaiter(ServiceContainer container, String method) {
        return entrypointWaiter(container, method, DEFAULT_TIMEOUT);
    }

    /** Fires an entrypoint directly: {@code hook.call(args...)} or {@code hook.callWith(contextData, args...)}. */
    public static final class EntrypointHook {
        private final ServiceContainer container;
        private final Entrypoint entrypoint;

        EntrypointHook(ServiceContainer container, Entrypoint entrypoint) {
            this.container = container;
            this.entrypoint = entrypoint;
        }

        public Object call(Object... args) throws Exception {
            return callWith(Map.of(), args);
        }

        /** Runs the call with context data; returns its result or throws its exception (bounded wait). */
        public Object callWith(Map<String, Object> contextData, Object... args) throws Exception {
            try {
                return container.spawnWorker(entrypoint, args, contextData, List.of())
                        .get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception ex) throw ex;
                throw e;
            } catch (TimeoutException e) {
                throw new TimeoutException(entrypoint + " did not finish within " + DEFAULT_TIMEOUT.toSeconds() + " s");
            }
        }
    }

    static boolean isDependency(Field f) {
        for (Annotation a : f.getAnnotations()) {
            if (a.annotationType().isAnnotationPresent(DependencyType.class)) return true;
        }
        return false;
    }

    private static void dependencyField(Class<?> cls, String name) {
        for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) if (f.getName().equals(name) && isDependency(f)) return;
        }
        throw new io.jarbiter.container.ExtensionNotFound("dependency '" + name + "' not found on " + cls.getName());
    }

    /** Injects one given object into every call. */
    private record FixedProvider(Object value) implements DependencyProvider<Object> {
        @Override
        public Object getDependency(WorkerContext worker) {
            return value;
        }
    }
}
