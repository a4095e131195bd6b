package io.jarbiter.hooks.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;

/**
 * The hook objects of one kind ({@code ArbiterHooks} or {@code WorkerHooks}) named in {@code hooks:},
 * and the one way to call them: each call is logged with class and method when it throws, and never
 * propagates (except through {@link #callStrict}, used for {@code onStarting} and boot-time hooks).
 * Holds no state of its own beyond the hook objects: {@code preRequest}/{@code postRequest} call it from IO threads.
 */
public final class HookSet<H> {
    private static final Logger LOG = LoggerFactory.getLogger(HookSet.class);

    /** One hook invocation; {@code name} is the interface method, for the error line. */
    @FunctionalInterface
    public interface Call<H> {
        void call(H hook) throws Exception;
    }

    private final List<H> hooks;

    private HookSet(List<H> hooks) {
        this.hooks = List.copyOf(hooks);
    }

    public static <H> HookSet<H> empty() {
        return new HookSet<>(List.of());
    }

    /**
     * Instantiates every class in {@code classNames} that implements {@code type} (others are skipped:
     * a class may serve only the other side). A class that cannot be loaded or built is an error.
     */
    public static <H> HookSet<H> load(List<String> classNames, Class<H> type, ClassLoader loader) throws HookLoadException {
        List<H> found = new ArrayList<>();
        for (String name : classNames) {
            Class<?> cls;
            try {
                cls = Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new HookLoadException("hooks: class " + name + " not found on the classpath; check 'classpath' and 'hooks' in the app file (" + e + ")");
            }
            if (!type.isAssignableFrom(cls)) continue;
            found.add(type.cast(instantiate(cls)));
        }
        return new HookSet<>(found);
    }

    private static Object instantiate(Class<?> cls) throws HookLoadException {
        try {
            Constructor<?> ctor = cls.getDeclaredConstructor();
            ctor.setAccessible(true);
            return ctor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new HookLoadException("hooks: " + cls.getName() + " needs a public no-argument constructor");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new HookLoadException("hooks: cannot create " + cls.getName() + ": " + cause);
        }
    }

    /** The hook objects in the order {@code hooks:} names them, for a hook whose results feed one another. */
    public List<H> hooks() {
        return hooks;
    }

    public boolean isEmpty() {
        return hooks.isEmpty();
    }

    /** Calls {@code method} on every hook; a hook that throws is logged and the others still run. */
    public void call(String method, Call<H> call) {
        for (H hook : hooks) {
            try {
                call.call(hook);
            } catch (Exception | LinkageError e) {
                LOG.error("Hook {}.{} failed: {}", hook.getClass().getName(), method, e.toString(), e);
            }
        }
    }

    /** Calls {@code method} on every hook and stops at the first that throws, rethrowing it with context. */
    public void callStrict(String method, Call<H> call) throws HookLoadException {
        for (H hook : hooks) {
            try {
                call.call(hook);
            } catch (Exception | LinkageError e) {
                throw new HookLoadException("hook " + hook.getClass().getName() + "." + method + " failed: " + e, e);
            }
        }
    }
}
