package io.jarbiter.container;

import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The factories of jarbiter's own annotations ({@code @Http}, {@code @Rpc}, ...), which say
 * {@code @EntrypointType} or {@code @DependencyType} without naming one, so that a public annotation never
 * refers to an internal class. Each factory is listed in the container's
 * {@code META-INF/services/io.jarbiter.container.EntrypointFactory} (or {@code DependencyFactory}) and
 * registered for the annotation its type argument names ({@code implements EntrypointFactory<Http>}).
 *
 * <p>Only the class loader that loaded the container is searched, so an application's own jars cannot
 * replace a built-in; read once, on first use (class initialisation makes that thread-safe). An
 * application jar carrying another copy of the container lists the same classes again: the first wins.
 */
final class BuiltIns {
    private BuiltIns() {}

    /** The factory registered for {@code annotation}, or null. */
    static EntrypointFactory<?> entrypoint(Class<? extends Annotation> annotation) {
        return Loaded.ENTRYPOINTS.get(annotation);
    }

    /** The factory registered for {@code annotation}, or null. */
    static DependencyFactory<?> dependency(Class<? extends Annotation> annotation) {
        return Loaded.DEPENDENCIES.get(annotation);
    }

    private static final class Loaded {
        static final Map<Class<?>, EntrypointFactory<?>> ENTRYPOINTS = load(EntrypointFactory.class);
        static final Map<Class<?>, DependencyFactory<?>> DEPENDENCIES = load(DependencyFactory.class);

        @SuppressWarnings({"rawtypes", "unchecked"})
        private static <F> Map<Class<?>, F> load(Class kind) {
            Map<Class<?>, F> byAnnotation = new HashMap<>();
            for (Object factory : ServiceLoader.load(kind, kind.getClassLoader())) {
                byAnnotation.putIfAbsent(annotationOf(factory.getClass(), kind), (F) factory);
            }
            return Map.copyOf(byAnnotation);
        }

        /** {@code Http} for a class declaring {@code implements EntrypointFactory<Http>}. */
        private static Class<?> annotationOf(Class<?> factory, Class<?> kind) {
            for (Type t : factory.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == kind && p.getActualTypeArguments()[0] instanceof Class<?> a) {
                    return a;
                }
            }
            throw new IllegalStateException(factory.getName() + " is listed as a built-in " + kind.getSimpleName()
                    + " but does not implement " + kind.getSimpleName() + "<SomeAnnotation> itself");
        }
    }
}
