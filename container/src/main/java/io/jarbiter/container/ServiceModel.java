package io.jarbiter.container;

import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a service class: its name, its entrypoints (annotations meta-annotated {@link EntrypointType})
 * and its dependencies (fields whose annotation is meta-annotated {@link DependencyType}). The factory is
 * the one the meta-annotation names, or for jarbiter's own annotations (which name none) the one
 * {@link BuiltIns} has registered. Every problem is a {@link ServiceDefinitionException} naming the class
 * and member.
 */
final class ServiceModel {
    private ServiceModel() {}

    static String serviceName(Class<?> cls) throws ServiceDefinitionException {
        Service s = cls.getAnnotation(Service.class);
        if (s != null && !s.value().isBlank()) return s.value();
        try {
            Field f = cls.getField("NAME");
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) return (String) f.get(null);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            // no constant either
        }
        throw new ServiceDefinitionException(cls.getName() + ": a service needs a name: annotate it @Service(\"my_service\")"
                + " or declare public static final String NAME");
    }

    static Constructor<?> constructor(Class<?> cls) throws ServiceDefinitionException {
        if (Modifier.isAbstract(cls.getModifiers()) || cls.isInterface()) {
            throw new ServiceDefinitionException(cls.getName() + ": a service must be a concrete class");
        }
        try {
            Constructor<?> c = cls.getDeclaredConstructor();
            c.setAccessible(true);
            return c;
        } catch (NoSuchMethodException e) {
            throw new ServiceDefinitionException(cls.getName() + ": a service needs a no-argument constructor (one instance is made per call)");
        }
    }

    /** The entrypoints of {@code cls}; each one that cannot be built goes to {@code problems} (and is left out). */
    static List<Entrypoint> entrypoints(Class<?> cls, ServiceContainer container, ServiceContainer.Problems problems)
            throws ServiceDefinitionException {
        List<Entrypoint> result = new ArrayList<>();
        List<Method> methods = new ArrayList<>(List.of(cls.getMethods()));
        methods.sort(Comparator.comparing(Method::getName));
        for (Method m : methods) {
            for (Annotation a : m.getAnnotations()) {
                EntrypointType type = a.annotationType().getAnnotation(EntrypointType.class);
                if (type == null) continue;
                try {
                    result.add(entrypoint(type, a, m, container));
                } catch (ServiceDefinitionException e) {
                    problems.report(e);
                }
            }
        }
        return result;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Entrypoint entrypoint(EntrypointType type, Annotation a, Method m, ServiceContainer container) throws ServiceDefinitionException {
        String member = m.getDeclaringClass().getName() + "." + m.getName();
        EntrypointFactory factory = type.value() == EntrypointType.BuiltIn.class
                ? builtIn(BuiltIns.entrypoint(a.annotationType()), a, "@EntrypointType", member) : instantiate(type.value(), member);
        try {
            return factory.create(a, m, container);
        } catch (RuntimeException e) {
            throw new ServiceDefinitionException(m, "@" + a.annotationType().getSimpleName() + " cannot be built: " + e);
        }
    }

    /**
     * Dependency fields, including inherited ones; each one whose provider cannot be built goes to
     * {@code problems} (and is left out).
     */
    static Map<Field, DependencyProvider<?>> dependencies(Class<?> cls, ServiceContainer container, ServiceContainer.Problems problems)
            throws ServiceDefinitionException {
        Map<Field, DependencyProvider<?>> result = new LinkedHashMap<>();
        for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                for (Annotation a : f.getAnnotations()) {
                    DependencyType type = a.annotationType().getAnnotation(DependencyType.class);
                    if (type == null) continue;
                    try {
                        result.put(f, dependency(type, a, cls, f, container));
                    } catch (ServiceDefinitionException e) {
                        problems.report(e);
                    }
                }
            }
        }
        return result;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static DependencyProvider<?> dependency(DependencyType type, Annotation a, Class<?> cls, Field f, ServiceContainer container)
            throws ServiceDefinitionException {
        if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
            throw new ServiceDefinitionException(cls.getName() + "." + f.getName() + ": a dependency field must be neither static nor final");
        }
        String member = cls.getName() + "." + f.getName();
        DependencyFactory factory = type.value() == DependencyType.BuiltIn.class
                ? builtIn(BuiltIns.dependency(a.annotationType()), a, "@DependencyType", member) : instantiate(type.value(), member);
        try {
            f.setAccessible(true);
            return factory.create(a, f, container);
        } catch (RuntimeException e) {
            throw new ServiceDefinitionException(cls.getName() + "." + f.getName() + ": provider cannot be built: " + e);
        }
    }

    private static <T> T builtIn(T registered, Annotation a, String meta, String member) throws ServiceDefinitionException {
        if (registered != null) return registered;
        throw new ServiceDefinitionException(member + ": @" + a.annotationType().getSimpleName() + " names no factory: give its "
                + meta + " one, e.g. " + meta + "(" + a.annotationType().getSimpleName() + "Factory.class)");
    }

    private static <T> T instantiate(Class<T> factory, String member) throws ServiceDefinitionException {
        try {
            Constructor<T> c = factory.getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ServiceDefinitionException(member + ": cannot create " + factory.getName() + " (needs a no-argument constructor): " + e);
        }
    }

}
