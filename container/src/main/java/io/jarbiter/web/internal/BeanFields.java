package io.jarbiter.web.internal;

import io.jarbiter.process.Json;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fields a JSON object must, may and must not have to bind to a record or class, as Jackson names
 * them ({@code @JsonProperty} renames, {@code @JsonIgnore} included). A field is required (present and
 * not null) unless its type is {@code Optional}, or it is annotated with any annotation named
 * {@code Nullable}; a primitive is always required. Unknown fields are refused unless the type says
 * {@code @JsonIgnoreProperties(ignoreUnknown = true)} or has a {@code @JsonAnySetter}, or the endpoint
 * ignores them. Immutable; one per type, cached.
 */
final class BeanFields {
    private record Property(String name, JavaType type, boolean required) {}

    private static final Map<JavaType, BeanFields> CACHE = new ConcurrentHashMap<>();

    private final String typeName;
    private final Map<String, Property> properties; // by JSON name, in declaration order
    private final Set<String> ignored;
    private final boolean acceptsUnknown;

    private BeanFields(String typeName, Map<String, Property> properties, Set<String> ignored, boolean acceptsUnknown) {
        this.typeName = typeName;
        this.properties = properties;
        this.ignored = ignored;
        this.acceptsUnknown = acceptsUnknown;
    }

    /** Whether {@code c} is a record or class Jackson binds field by field (not an abstract or polymorphic type). */
    static boolean isBean(Class<?> c) {
        return !Modifier.isAbstract(c.getModifiers()) && !c.isAnnotationPresent(JsonTypeInfo.class);
    }

    static BeanFields of(JavaType type) {
        return CACHE.computeIfAbsent(type, BeanFields::introspect);
    }

    private static BeanFields introspect(JavaType type) {
        DeserializationConfig config = Json.MAPPER.getDeserializationConfig();
        BeanDescription d = config.introspect(type);
        Map<String, Property> props = new LinkedHashMap<>();
        for (BeanPropertyDefinition p : d.findProperties()) {
            if (!p.couldDeserialize()) continue;
            JavaType t = p.getPrimaryType();
            props.put(p.getName(), new Property(p.getName(), t, !optional(t.getRawClass()) && !nullable(p)));
        }
        JsonIgnoreProperties.Value ignorals = config.getDefaultPropertyIgnorals(type.getRawClass(), d.getClassInfo());
        boolean acceptsUnknown = ignorals.getIgnoreUnknown() || d.findAnySetterAccessor() != null;
        return new BeanFields(JsonShape.name(type), props, Set.copyOf(ignorals.findIgnoredForDeserialization()), acceptsUnknown);
    }

    void forEachType(java.util.function.Consumer<JavaType> action) {
        for (Property p : properties.values()) action.accept(p.type());
    }

    /** Checks the fields of {@code node}, an object; recurses into their values through {@code shape}. */
    void check(JsonNode node, String path, boolean ignoreUnknownFields, JsonShape shape) throws BadRequest {
        if (properties.isEmpty()) return; // a type Jackson builds some other way (a delegating creator): Jackson decides
        if (!ignoreUnknownFields && !acceptsUnknown) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!properties.containsKey(name) && !ignored.contains(name)) throw unknown(JsonShape.field(path, name), name);
            }
        }
        for (Property p : properties.values()) {
            JsonNode value = node.get(p.name());
            String where = JsonShape.field(path, p.name());
            if (value == null || value.isNull()) {
                if (!p.required()) continue;
                throw new BadRequest((value == null ? "missing required field '" : "field '") + where + "'"
                        + (value == null ? "" : " must not be null") + ": " + JsonShape.describe(p.type()) + " in " + typeName);
            }
            shape.check(value, p.type(), where);
        }
    }

    private BadRequest unknown(String where, String name) {
        String closest = closest(name);
        return new BadRequest("unknown field '" + where + "' in " + typeName
                + (closest == null ? "" : " (did you mean '" + closest + "'?)") + "; known fields: " + String.join(", ", properties.keySet()));
    }

    /** The known field nearest to a misspelt one, if near enough to be a typo. */
    private String closest(String name) {
        String best = null;
        int bestDistance = Math.max(1, Math.min(3, name.length() / 3)) + 1;
        for (String known : properties.keySet()) {
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), known.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        return best;
    }

    /** Optimal string alignment distance: edits, a swap of two neighbours counting as one (titel → title). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    static boolean optional(Class<?> c) {
        return c == Optional.class || c == OptionalInt.class || c == OptionalLong.class || c == OptionalDouble.class;
    }

    /** Annotated {@code @Nullable} (any package) on its field, record component, accessor, setter or constructor parameter. */
    private static boolean nullable(BeanPropertyDefinition p) {
        List<AnnotatedElement> places = new ArrayList<>();
        for (AnnotatedMember m : new AnnotatedMember[]{p.getField(), p.getSetter(), p.getGetter(), p.getConstructorParameter()}) {
            if (m == null) continue;
            if (m instanceof AnnotatedParameter ap && ap.getOwner().getMember() instanceof Executable e) {
                places.add(e.getParameters()[ap.getIndex()]);
                places.add(e.getParameters()[ap.getIndex()].getAnnotatedType());
            } else if (m.getMember() instanceof Field f) {
                places.add(f);
                places.add(f.getAnnotatedType());
            } else if (m.getMember() instanceof Method method) {
                places.add(method);
                places.add(method.getAnnotatedReturnType());
                if (method.getParameterCount() == 1) {
                    places.add(method.getParameters()[0]);
                    places.add(method.getParameters()[0].getAnnotatedType());
                }
            }
        }
        Class<?> owner = p.getPrimaryMember() == null ? null : p.getPrimaryMember().getDeclaringClass();
        if (owner != null && owner.isRecord()) {
            for (RecordComponent rc : owner.getRecordComponents()) {
                if (rc.getName().equals(p.getInternalName())) {
                    places.add(rc);
                    places.add(rc.getAnnotatedType());
                }
            }
        }
        for (AnnotatedElement e : places) {
            for (Annotation a : e.getAnnotations()) if (a.annotationType().getSimpleName().equals("Nullable")) return true;
        }
        return false;
    }
}
