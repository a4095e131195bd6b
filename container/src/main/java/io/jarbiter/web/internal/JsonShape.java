package io.jarbiter.web.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a JSON body against the Java type it binds to before Jackson converts it, so that a client's
 * mistake is a 400 naming the field path ({@code items[2].count}) and what was expected, in words a
 * client understands: a missing required field, an unknown field, a string where a number belongs.
 * Types it has no rule for (dates, UUIDs, ...) are left to Jackson, whose errors {@link BodyReader}
 * translates the same way. Thread-safe.
 */
final class JsonShape {
    private enum Kind { ANY, TEXT, BOOLEAN, INTEGER, NUMBER, LIST, MAP, BEAN, OTHER }

    private static final Set<Class<?>> INTEGERS = Set.of(int.class, long.class, short.class, byte.class, Integer.class,
            Long.class, Short.class, Byte.class, BigInteger.class);
    private static final Set<Class<?>> NUMBERS = Set.of(double.class, float.class, Double.class, Float.class, BigDecimal.class, Number.class);

    private final boolean ignoreUnknownFields;

    JsonShape(boolean ignoreUnknownFields) {
        this.ignoreUnknownFields = ignoreUnknownFields;
    }

    /** Throws BadRequest if {@code node} (not null, may be a JSON null) cannot be a {@code type}; {@code path} "" is the body. */
    void check(JsonNode node, JavaType type, String path) throws BadRequest {
        if (type.getRawClass() == Optional.class) type = type.containedTypeOrUnknown(0);
        if (node.isNull()) {
            if (type.isPrimitive()) throw mismatch(node, type, path);
            return;
        }
        switch (kind(type)) {
            case ANY, OTHER -> { }
            case TEXT -> expect(node.isTextual(), node, type, path);
            case BOOLEAN -> expect(node.isBoolean(), node, type, path);
            case INTEGER -> expect(node.isIntegralNumber(), node, type, path);
            case NUMBER -> expect(node.isNumber(), node, type, path);
            case LIST -> {
                expect(node.isArray(), node, type, path);
                for (int i = 0; i < node.size(); i++) check(node.get(i), type.getContentType(), path + "[" + i + "]");
            }
            case MAP -> {
                expect(node.isObject(), node, type, path);
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    check(e.getValue(), type.getContentType(), field(path, e.getKey()));
                }
            }
            case BEAN -> {
                // not an object: Jackson decides, as a class may be built from a string (a constructor or
                // @JsonCreator taking one); BodyReader words its refusal the same way
                if (node.isObject()) BeanFields.of(type).check(node, path, ignoreUnknownFields, this);
            }
        }
    }

    /** Introspects every record and class reachable from {@code type} now, at boot, rather than on the first request. */
    static void prepare(JavaType type, Set<JavaType> seen) {
        if (type.getRawClass() == Optional.class) type = type.containedTypeOrUnknown(0);
        if (!seen.add(type)) return;
        switch (kind(type)) {
            case LIST, MAP -> prepare(type.getContentType(), seen);
            case BEAN -> BeanFields.of(type).forEachType(t -> prepare(t, seen));
            default -> { }
        }
    }

    private static Kind kind(JavaType type) {
        Class<?> c = type.getRawClass();
        if (c == Object.class || JsonNode.class.isAssignableFrom(c)) return Kind.ANY;
        if (c == String.class || c == CharSequence.class) return Kind.TEXT;
        if (c == boolean.class || c == Boolean.class) return Kind.BOOLEAN;
        if (INTEGERS.contains(c)) return Kind.INTEGER;
        if (NUMBERS.contains(c)) return Kind.NUMBER;
        if (c == byte[].class) return Kind.OTHER; // Jackson reads it from a base64 string
        if (type.isArrayType() || type.isCollectionLikeType()) return Kind.LIST;
        if (type.isMapLikeType()) return Kind.MAP;
        if (c.isPrimitive() || c.isEnum() || c.isInterface() || c.getName().startsWith("java.")) return Kind.OTHER;
        return BeanFields.isBean(c) ? Kind.BEAN : Kind.OTHER;
    }

    private static void expect(boolean ok, JsonNode node, JavaType type, String path) throws BadRequest {
        if (!ok) throw mismatch(node, type, path);
    }

    static BadRequest mismatch(JsonNode node, JavaType type, String path) {
        String subject = path.isEmpty() ? "the body" : "field '" + path + "'";
        return new BadRequest(subject + " must be " + describe(type) + ", got " + describe(node));
    }

    /** What a client must send for {@code type}: "an integer (int)", "an object (Todo)", "a list of Item". */
    static String describe(JavaType type) {
        if (type.getRawClass() == Optional.class) type = type.containedTypeOrUnknown(0);
        return switch (kind(type)) {
            case ANY -> "any JSON value";
            case TEXT -> "a string";
            case BOOLEAN -> "true or false";
            case INTEGER -> "an integer (" + name(type) + ")";
            case NUMBER -> "a number (" + name(type) + ")";
            case LIST -> "a list of " + name(type.getContentType());
            case MAP -> "an object of " + name(type.getContentType());
            case BEAN -> "an object (" + name(type) + ")";
            case OTHER -> name(type);
        };
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string " + quoted(node.asText());
            case NUMBER -> "a number " + quoted(node.asText());
            case BOOLEAN -> node.asText();
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String quoted(String s) {
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
    }

    /** A Java type as a developer wrote it: {@code List<Item>}, {@code Map<String, Integer>}, {@code int}. */
    static String name(JavaType type) {
        StringBuilder b = new StringBuilder(type.getRawClass().getSimpleName());
        if (type.containedTypeCount() > 0 && !type.isArrayType()) {
            b.append('<');
            for (int i = 0; i < type.containedTypeCount(); i++) b.append(i > 0 ? ", " : "").append(name(type.containedType(i)));
            b.append('>');
        }
        return b.toString();
    }

    static String field(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
