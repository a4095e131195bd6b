package io.jarbiter.container;

import java.lang.reflect.Method;

/** A service class that cannot run; the message names the class and member and says why. */
public final class ServiceDefinitionException extends Exception {
    private static final long serialVersionUID = 1L;

    public ServiceDefinitionException(String message) {
        super(message);
    }

    /** {@code problem} about {@code method}, named as {@link #member} names it. */
    public ServiceDefinitionException(Method method, String problem) {
        super(member(method) + ": " + problem);
    }

    /** How problems name a method: {@code com.example.GreetingService.greet(String, int)}. */
    public static String member(Method method) {
        StringBuilder params = new StringBuilder();
        for (Class<?> p : method.getParameterTypes()) {
            if (params.length() > 0) params.append(", ");
            params.append(p.getSimpleName());
        }
        return method.getDeclaringClass().getName() + "." + method.getName() + "(" + params + ")";
    }
}
