package io.jarbiter.testing;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A recording stand-in for a dependency (nameko uses MagicMock): every call is recorded and answers
 * the return type's default (null, 0, false), or the mock itself when the method returns its own type
 * (so that {@code proxy.withTimeout(t).call(...)} is recorded too). Read the calls with {@link #calls};
 * a varargs array is recorded spread out, as the caller wrote it.
 * An interface is mocked with the JDK's {@code Proxy}; a class with a generated subclass, made without
 * running the class's constructors, whose final methods run the class's own code.
 */
public final class Mock implements InvocationHandler {
    /** One recorded call. */
    public record Call(String method, List<Object> args) {}

    private final Class<?> type;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    private Mock(Class<?> type) {
        this.type = type;
    }

    /**
     * A recording mock of {@code type}, an interface or a class that is neither final nor sealed.
     * @throws IllegalArgumentException naming why {@code type} cannot be mocked
     */
    public static <T> T of(Class<T> type) {
        if (type.isInterface()) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, new Mock(type)));
        }
        String whyNot = MockSubclass.whyNot(type);
        if (whyNot != null) throw new IllegalArgumentException("cannot mock " + type.getName() + ": " + whyNot);
        return type.cast(MockSubclass.create(type, new Mock(type)));
    }

    /** Why {@link #of} cannot mock {@code type}, or null if it can. */
    static String whyNot(Class<?> type) {
        return type.isInterface() ? null : MockSubclass.whyNot(type);
    }

    /** The calls recorded by a mock made with {@link #of}, in order. */
    public static List<Call> calls(Object mock) {
        Mock m = mock != null && Proxy.isProxyClass(mock.getClass()) && Proxy.getInvocationHandler(mock) instanceof Mock h ? h
                : mock == null ? null : MockSubclass.mockOf(mock);
        if (m == null) throw new IllegalArgumentException(mock + " is not a Mock (made by Mock.of or Testing.workerFactory)");
        return List.copyOf(m.calls);
    }

    /** The arguments as the caller wrote them: a varargs array spread out ({@code call("hello", "Ann")}); nulls kept. */
    private static List<Object> arguments(Method method, Object[] args) {
        List<Object> out = new ArrayList<>();
        if (args == null) return List.of();
        for (int i = 0; i < args.length; i++) {
            if (i == args.length - 1 && method.isVarArgs() && args[i] != null) {
                for (int j = 0; j < Array.getLength(args[i]); j++) out.add(Array.get(args[i], j));
            } else {
                out.add(args[i]);
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "toString": if (method.getParameterCount() == 0) return "Mock(" + type.getSimpleName() + ")"; break;
            case "hashCode": if (method.getParameterCount() == 0) return System.identityHashCode(proxy); break;
            case "equals": if (method.getParameterCount() == 1) return proxy == args[0]; break;
            default: break;
        }
        calls.add(new Call(method.getName(), arguments(method, args)));
        Class<?> r = method.getReturnType();
        if (r.isPrimitive()) return defaultOf(r);
        if (r != Object.class && r.isInstance(proxy)) return proxy;
        return null;
    }

    /** Boxed as the return type's own wrapper: a conditional expression would widen every number to a Double. */
    private static Object defaultOf(Class<?> primitive) {
        if (primitive == boolean.class) return Boolean.FALSE;
        if (primitive == char.class) return '\0';
        if (primitive == long.class) return 0L;
        if (primitive == double.class) return 0.0d;
        if (primitive == float.class) return 0.0f;
        if (primitive == short.class) return (short) 0;
        if (primitive == byte.class) return (byte) 0;
        if (primitive == int.class) return 0;
        return null; // void
    }
}
