package io.jarbiter.amqp.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import io.jarbiter.process.Json;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The common case of binding a request body, {@code {"args": [...], "kwargs": {...}}}, straight from
 * the JSON stream into the parameters' types, without building a tree first. It answers only when the
 * body binds cleanly; for anything else (not JSON, a key missing, too many or repeated arguments, a value
 * that does not convert) it answers null and {@link Codec#bind} takes the slow path, which names the
 * error exactly. Parameter names and types are resolved once per method. Thread-safe.
 */
final class DirectBinding {
    private static final Map<Method, DirectBinding> BY_METHOD = new ConcurrentHashMap<>();
    private final String[] names;
    private final JavaType[] types;

    private DirectBinding(Method method) {
        Parameter[] params = method.getParameters();
        names = new String[params.length];
        types = new JavaType[params.length];
        for (int i = 0; i < params.length; i++) {
            names[i] = params[i].getName();
            types[i] = Json.MAPPER.constructType(params[i].getParameterizedType());
        }
    }

    static DirectBinding of(Method method) {
        return BY_METHOD.computeIfAbsent(method, DirectBinding::new);
    }

    /** The bound arguments, or null when the slow path must decide. */
    Object[] bind(byte[] body) {
        Object[] values = new Object[types.length];
        boolean[] bound = new boolean[types.length];
        boolean args = false;
        boolean kwargs = false;
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (key.equals("args")) {
                    if (args || value != JsonToken.START_ARRAY) return null;
                    args = true;
                    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                        if (i >= types.length || bound[i]) return null;
                        values[i] = Json.MAPPER.readValue(p, types[i]);
                        bound[i] = true;
                    }
                } else if (key.equals("kwargs")) {
                    if (kwargs || value != JsonToken.START_OBJECT) return null;
                    kwargs = true;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        int i = indexOf(p.currentName());
                        p.nextToken();
                        if (i < 0 || bound[i]) return null;
                        values[i] = Json.MAPPER.readValue(p, types[i]);
                        bound[i] = true;
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (!args || !kwargs || p.nextToken() != null) return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
        for (boolean b : bound) if (!b) return null;
        return values;
    }

    private int indexOf(String name) {
        for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
        return -1;
    }
}
