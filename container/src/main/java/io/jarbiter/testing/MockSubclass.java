package io.jarbiter.testing;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A recording {@link Mock} of a class, where the JDK's {@code Proxy} only does interfaces: a subclass
 * generated with ASM (which jarbiter ships already) whose every overridable method hands its call to
 * the Mock. It is instantiated without running any constructor of the class, as a mocking library
 * does, so that a constructor's arguments and side effects play no part; its final methods cannot be
 * overridden and run the class's own code on that blank instance. One subclass per mocked class,
 * generated on first use; thread-safe.
 */
final class MockSubclass {
    private static final String HANDLER = "$mock";
    private static final String METHODS = "$methods";
    private static final String SUFFIX = "$JarbiterMock";
    private static final Set<String> OBJECT_METHODS = Set.of("toString", "hashCode", "equals");
    private static final ClassValue<MockSubclass> SUBCLASSES = new ClassValue<>() {
        @Override
        protected MockSubclass computeValue(Class<?> type) {
            return generate(type);
        }
    };

    private final Class<?> generated;
    private final Constructor<?> blank;
    private final VarHandle handler;

    private MockSubclass(Class<?> generated, Constructor<?> blank, VarHandle handler) {
        this.generated = generated;
        this.blank = blank;
        this.handler = handler;
    }

    /** Why {@code type} cannot be subclassed, or null if it can. */
    static String whyNot(Class<?> type) {
        if (type.isPrimitive() || type.isArray()) return type.getSimpleName() + " is not a class";
        if (type.isInterface()) return type.getSimpleName() + " is an interface";
        if (Modifier.isFinal(type.getModifiers())) return "final class " + type.getSimpleName() + " cannot be subclassed";
        if (type.isSealed()) return "sealed class " + type.getSimpleName() + " cannot be subclassed";
        if (type.isEnum()) return "enum " + type.getSimpleName() + " cannot be subclassed";
        if (!Modifier.isPublic(type.getModifiers()) && lookupIn(type) == null) {
            return "class " + type.getName() + " is not public and its package is not open to io.jarbiter.testing";
        }
        return null;
    }

    /** A new recording instance of {@code type}; {@link #whyNot} said it can be. */
    static Object create(Class<?> type, Mock mock) {
        MockSubclass subclass = SUBCLASSES.get(type);
        try {
            Object instance = subclass.blank.newInstance();
            subclass.handler.set(instance, mock);
            return instance;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate the mock of " + type.getName() + ": " + e, e);
        }
    }

    /** The Mock behind an instance made by {@link #create}, or null for any other object. */
    static Mock mockOf(Object instance) {
        Class<?> c = instance.getClass();
        if (!c.getName().endsWith(SUFFIX) || c.getSuperclass() == null) return null;
        MockSubclass subclass = SUBCLASSES.get(c.getSuperclass());
        return subclass.generated == c ? (Mock) subclass.handler.get(instance) : null;
    }

    private static MockSubclass generate(Class<?> type) {
        // Defined beside the class when its package is open to us (package-private methods are then
        // overridden too); a public class of a closed package (java.time.Clock) gets one in this package.
        MethodHandles.Lookup lookup = lookupIn(type);
        String pkg = lookup != null ? type.getPackageName() : MockSubclass.class.getPackageName();
        String binary = type.getPackageName().isEmpty() ? type.getName() : type.getName().substring(type.getPackageName().length() + 1);
        String name = (pkg.isEmpty() ? "" : pkg + ".") + (lookup == null ? type.getName() : binary).replace('.', '_') + SUFFIX;
        if (lookup == null) lookup = MethodHandles.lookup();
        List<Method> methods = overridable(type, pkg);
        try {
            Class<?> generated = lookup.defineClass(bytes(name, type, methods));
            MethodHandles.Lookup own = MethodHandles.privateLookupIn(generated, lookup);
            own.findStaticVarHandle(generated, METHODS, Method[].class).set(methods.toArray(new Method[0]));
            VarHandle handler = own.findVarHandle(generated, HANDLER, InvocationHandler.class);
            return new MockSubclass(generated, blankConstructor(generated), handler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot generate a mock of " + type.getName() + ": " + e, e);
        }
    }

    private static MethodHandles.Lookup lookupIn(Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        } catch (IllegalAccessException | SecurityException e) {
            return null;
        }
    }

    /**
     * A constructor that runs Object's constructor only, none of the class's: what serialization
     * uses to make an object before it sets its fields. In jdk.unsupported, reached reflectively so
     * that the kit compiles against the documented API.
     */
    private static Constructor<?> blankConstructor(Class<?> generated) throws ReflectiveOperationException {
        Class<?> factory = Class.forName("sun.reflect.ReflectionFactory");
        Object rf = factory.getMethod("getReflectionFactory").invoke(null);
        Method m = factory.getMethod("newConstructorForSerialization", Class.class, Constructor.class);
        return (Constructor<?>) m.invoke(rf, generated, Object.class.getDeclaredConstructor());
    }

    /** The most derived declaration of every method a subclass in {@code pkg} can override. */
    private static List<Method> overridable(Class<?> type, String pkg) {
        List<Method> candidates = new ArrayList<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) candidates.addAll(List.of(c.getDeclaredMethods()));
        candidates.addAll(List.of(type.getMethods())); // adds the default methods of its interfaces
        List<Method> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Method m : candidates) {
            Class<?> c = m.getDeclaringClass();
            int mod = m.getModifiers();
            if (Modifier.isStatic(mod) || Modifier.isPrivate(mod)) continue;
            if (!seen.add(m.getName() + Type.getMethodDescriptor(m))) continue;
            if (Modifier.isFinal(mod) || m.isBridge() || m.isSynthetic()) continue;
            boolean packagePrivate = !Modifier.isPublic(mod) && !Modifier.isProtected(mod);
            if (packagePrivate && (!c.getPackageName().equals(pkg) || c.getClassLoader() != type.getClassLoader())) continue;
            if (c == Object.class && !OBJECT_METHODS.contains(m.getName())) continue; // not finalize, not clone
            out.add(m);
        }
        return out;
    }

    private static byte[] bytes(String name, Class<?> type, List<Method> methods) {
        String internal = name.replace('.', '/');
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, internal, null,
                Type.getInternalName(type), null);
        cw.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, METHODS, "[Ljava/lang/reflect/Method;", null, null).visitEnd();
        cw.visitField(Opcodes.ACC_PUBLIC, HANDLER, "Ljava/lang/reflect/InvocationHandler;", null, null).visitEnd();
        for (int i = 0; i < methods.size(); i++) override(cw, internal, methods.get(i), i);
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** {@code return (R) $mock.invoke(this, $methods[index], new Object[]{args...});}, boxing and unboxing primitives. */
    private static void override(ClassWriter cw, String owner, Method m, int index) {
        int access = m.getModifiers() & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED | Opcodes.ACC_VARARGS);
        MethodVisitor mv = cw.visitMethod(access, m.getName(), Type.getMethodDescriptor(m), null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, owner, HANDLER, "Ljava/lang/reflect/InvocationHandler;");
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETSTATIC, owner, METHODS, "[Ljava/lang/reflect/Method;");
        mv.visitLdcInsn(index);
        mv.visitInsn(Opcodes.AALOAD);
        Type[] params = Type.getArgumentTypes(m);
        mv.visitLdcInsn(params.length);
        mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
        int slot = 1;
        for (int i = 0; i < params.length; i++) {
            mv.visitInsn(Opcodes.DUP);
            mv.visitLdcInsn(i);
            mv.visitVarInsn(params[i].getOpcode(Opcodes.ILOAD), slot);
            box(mv, params[i]);
            mv.visitInsn(Opcodes.AASTORE);
            slot += params[i].getSize();
        }
        mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/lang/reflect/InvocationHandler", "invoke",
                "(Ljava/lang/Object;Ljava/lang/reflect/Method;[Ljava/lang/Object;)Ljava/lang/Object;", true);
        Type ret = Type.getReturnType(m);
        if (ret.getSort() == Type.VOID) {
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.RETURN);
        } else {
            unbox(mv, ret);
            mv.visitInsn(ret.getOpcode(Opcodes.IRETURN));
        }
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void box(MethodVisitor mv, Type t) {
        if (t.getSort() >= Type.ARRAY) return;
        Type boxed = boxed(t);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, boxed.getInternalName(), "valueOf", "(" + t.getDescriptor() + ")" + boxed.getDescriptor(), false);
    }

    /** The Mock answers a primitive's default for a primitive return type, never null. */
    private static void unbox(MethodVisitor mv, Type t) {
        if (t.getSort() >= Type.ARRAY) {
            mv.visitTypeInsn(Opcodes.CHECKCAST, t.getInternalName());
            return;
        }
        Type boxed = boxed(t);
        mv.visitTypeInsn(Opcodes.CHECKCAST, boxed.getInternalName());
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, boxed.getInternalName(), t.getClassName() + "Value", "()" + t.getDescriptor(), false);
    }

    private static Type boxed(Type primitive) {
        return Type.getType(switch (primitive.getSort()) {
            case Type.BOOLEAN -> Boolean.class;
            case Type.CHAR -> Character.class;
            case Type.BYTE -> Byte.class;
            case Type.SHORT -> Short.class;
            case Type.INT -> Integer.class;
            case Type.FLOAT -> Float.class;
            case Type.LONG -> Long.class;
            case Type.DOUBLE -> Double.class;
            default -> throw new IllegalArgumentException("not a primitive: " + primitive);
        });
    }
}
