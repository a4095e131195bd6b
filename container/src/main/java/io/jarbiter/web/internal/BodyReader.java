package io.jarbiter.web.internal;

import io.jarbiter.process.Json;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the JSON body into the {@code @Http} parameter that takes it. Every way the body can be wrong
 * is a {@link BadRequest} naming what is wrong and where: no body when one is required, invalid JSON,
 * a missing, unknown or mistyped field ({@link JsonShape}). Built once per method; thread-safe.
 */
final class BodyReader {
    private final String name;
    private final JavaType type;
    private final boolean optional; // Optional<T> or @Nullable: no body binds Optional.empty() / null
    private final JsonShape shape;
    private final ObjectReader tree = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final ObjectReader reader;

    BodyReader(Parameter p, boolean ignoreUnknownFields) {
        this.name = p.getName();
        this.type = Json.MAPPER.constructType(p.getParameterizedType());
        this.optional = p.getType() == Optional.class || Arrays.stream(p.getAnnotations()).map(Annotation::annotationType)
                .anyMatch(a -> a.getSimpleName().equals("Nullable"));
        this.shape = new JsonShape(ignoreUnknownFields);
        this.reader = Json.MAPPER.readerFor(type);
        JsonShape.prepare(type, new java.util.HashSet<>());
    }

    /**
     * Whether a parameter of this type can take the JSON body: a record or class of the application, a
     * collection, map or array, {@code Object}, {@code JsonNode}, or an Optional of one of these. Other
     * JDK types (a LocalTime, a char) are neither a body nor supported as a path or query parameter.
     */
    static boolean canTake(JavaType t) {
        if (t.getRawClass() == Optional.class) t = t.containedTypeOrUnknown(0);
        Class<?> c = t.getRawClass();
        if (c.isPrimitive()) return false;
        if (c == Object.class || JsonNode.class.isAssignableFrom(c) || c.isArray()) return true;
        if (Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)) return true;
        return !c.getName().startsWith("java.") && !c.getName().startsWith("javax.");
    }

    Object read(byte[] body) throws BadRequest {
        JsonNode node = blank(body) ? null : parse(body);
        if (node == null || node.isNull()) {
            if (optional) return type.getRawClass() == Optional.class ? Optional.empty() : null;
            throw new BadRequest("a JSON body is required for '" + name + "': " + JsonShape.describe(type));
        }
        shape.check(node, type, "");
        try {
            return reader.readValue(node);
        } catch (MismatchedInputException e) {
            throw mismatch(e, node);
        } catch (IOException e) {
            throw new BadRequest(explain(e));
        }
    }

    private JsonNode parse(byte[] body) throws BadRequest {
        try {
            return tree.readTree(body);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new BadRequest("the body could not be read: " + e.getMessage());
        }
    }

    /** A value of the wrong JSON type for a class Jackson builds (an array for a record): said as JsonShape says it. */
    private static BadRequest mismatch(MismatchedInputException e, JsonNode root) {
        if (e instanceof InvalidFormatException || e.getTargetType() == null) return new BadRequest(explain(e));
        JsonNode at = root;
        for (JsonMappingException.Reference r : e.getPath()) at = r.getFieldName() != null ? at.path(r.getFieldName()) : at.path(r.getIndex());
        if (at.isMissingNode() || at.isObject()) return new BadRequest(explain(e));
        return JsonShape.mismatch(at, Json.MAPPER.constructType(e.getTargetType()), path(e));
    }

    /** Jackson's refusal of a value {@link JsonShape} had no rule for (a date, a UUID, an enum): said for a client. */
    private static String explain(IOException e) {
        if (!(e instanceof JsonMappingException d)) return "the body cannot be read: " + e.getMessage();
        String subject = path(d).isEmpty() ? "the body" : "field '" + path(d) + "'";
        if (e instanceof InvalidFormatException f && f.getTargetType() != null) {
            Class<?> target = f.getTargetType();
            String values = target.isEnum() ? " (one of " + Arrays.stream(target.getEnumConstants())
                    .map(String::valueOf).collect(Collectors.joining(", ")) + ")" : "";
            return subject + " must be " + target.getSimpleName() + values + ", got '" + f.getValue() + "'";
        }
        return subject + ": " + withSimpleNames(d.getOriginalMessage());
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
        }
        return b.toString();
    }

    /** {@code `com.acme.Todo$Status`} as {@code `Status`}: a client has no use for the service's package names. */
    private static String withSimpleNames(String message) {
        return message == null ? "" : message.replaceAll("`(?:[\\w]+\\.)+(?:[\\w]+\\$)*([\\w]+)`", "`$1`");
    }

    private static boolean blank(byte[] body) {
        for (byte b : body) if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return false;
        return true;
    }
}
