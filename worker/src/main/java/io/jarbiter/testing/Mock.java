package io.jarbiter.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A recording stand-in for an interface-typed dependency (nameko uses MagicMock): every call is
 * recorded and answers the return type's default (null, 0, false). Read the calls with {@link #calls}.
 */
public final class Mock implements InvocationHandler {
    /** One recorded call. */
    public record Call(String method, List<Object> args) {}

    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    /** A proxy of {@code type} recording into a new Mock. */
    public static <T> T of(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, new Mock()));
    }

    /** The calls recorded by a proxy made with {@link #of}. */
    public static List<Call> calls(Object proxy) {
        return List.copyOf(((Mock) Proxy.getInvocationHandler(proxy)).calls);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "toString": if (method.getParameterCount() == 0) return "Mock(" + method.getDeclaringClass().getSimpleName() + ")"; break;
            case "hashCode": if (method.getParameterCount() == 0) return System.identityHashCode(proxy); break;
            case "equals": if (method.getParameterCount() == 1) return proxy == args[0]; break;
            default: break;
        }
        calls.add(new Call(method.getName(), args == null ? List.of() : List.of(args)));
        Class<?> r = method.getReturnType();
        if (r == boolean.class) return false;
        if (r == char.class) return '\0';
        if (r.isPrimitive() && r != void.class) return r == long.class ? 0L : r == double.class ? 0.0 : r == float.class ? 0.0f : r == short.class ? (short) 0 : r == byte.class ? (byte) 0 : 0;
        return null;
    }
}
