package io.jarbiter.amqp.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.LongString;
import io.jarbiter.amqp.IncorrectSignature;
import io.jarbiter.amqp.MalformedRequest;
import io.jarbiter.amqp.MethodNotFound;
import io.jarbiter.amqp.RemoteError;
import io.jarbiter.amqp.UnserializableValueError;
import io.jarbiter.process.Json;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * nameko's message bodies and headers (docs/WIRE.md#request, #reply, #errors): {@code {"args", "kwargs"}} requests,
 * {@code {"result", "error"}} replies with nameko error dicts, {@code nameko.*} context headers.
 * Stateless and thread-safe.
 */
public final class Codec {
    public static final String HEADER_PREFIX = "nameko.";
    public static final String CALL_ID_STACK = "call_id_stack";

    private Codec() {}

    public static byte[] request(List<?> args, Map<String, ?> kwargs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("args", args);
        body.put("kwargs", kwargs);
        return write(body);
    }

    /**
     * Binds a request body to a Java method's parameters, by position then by name (Python's rules,
     * every parameter required). Throws nameko's MalformedRequest / IncorrectSignature.
     */
    public static Object[] bind(Method method, byte[] body) {
        Object[] direct = DirectBinding.of(method).bind(body);
        return direct != null ? direct : bindTree(method, body);
    }

    /** The slow path: the body as a tree, checked step by step so that each error is nameko's. */
    private static Object[] bindTree(Method method, byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new MalformedRequest("Message body is not valid JSON");
        }
        if (root == null || !root.isObject() || !root.has("args") || !root.has("kwargs")
                || !root.get("args").isArray() || !root.get("kwargs").isObject()) {
            throw new MalformedRequest("Message missing `args` or `kwargs`");
        }
        Parameter[] params = method.getParameters();
        String name = method.getName() + "()";
        JsonNode args = root.get("args");
        if (args.size() > params.length) {
            throw new IncorrectSignature(name + " takes " + params.length + " positional argument" + (params.length == 1 ? "" : "s")
                    + " but " + args.size() + (args.size() == 1 ? " was" : " were") + " given");
        }
        JsonNode[] bound = new JsonNode[params.length];
        for (int i = 0; i < args.size(); i++) bound[i] = args.get(i);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("kwargs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> kw = it.next();
            int index = indexOf(params, kw.getKey());
            if (index < 0) throw new IncorrectSignature(name + " got an unexpected keyword argument '" + kw.getKey() + "'");
            if (bound[index] != null) throw new IncorrectSignature(name + " got multiple values for argument '" + kw.getKey() + "'");
            bound[index] = kw.getValue();
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < params.length; i++) if (bound[i] == null) missing.add("'" + params[i].getName() + "'");
        if (!missing.isEmpty()) {
            throw new IncorrectSignature(name + " missing " + missing.size() + " required positional argument" + (missing.size() == 1 ? "" : "s")
                    + ": " + joinPython(missing));
        }
        Object[] values = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            try {
                values[i] = Json.MAPPER.treeToValue(bound[i], Json.MAPPER.constructType(params[i].getParameterizedType()));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new IncorrectSignature(name + " argument '" + params[i].getName() + "' must be " + params[i].getType().getSimpleName()
                        + ", got " + bound[i]);
            }
        }
        return values;
    }

    /** {@code {"result": r, "error": null}}, or an error reply; an unserializable result becomes UnserializableValueError. */
    public static byte[] reply(Object result, Throwable error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result", error != null ? null : result);
        body.put("error", error != null ? errorDict(error) : null);
        try {
            // written directly; a value Jackson cannot write fails here, before anything is sent
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            if (error != null) throw new IllegalArgumentException("cannot serialise the error reply: " + e.getMessage(), e);
            return reply(null, new UnserializableValueError("Unserializable value: `" + result + "`"));
        }
    }

    /** nameko's {@code serialize(exc)}: exc_type, exc_path, exc_args, value. */
    public static Map<String, Object> errorDict(Throwable e) {
        Map<String, Object> dict = new LinkedHashMap<>();
        if (e instanceof RemoteError r) {
            dict.put("exc_type", r.excType());
            dict.put("exc_path", r.excPath());
            dict.put("exc_args", r.excArgs());
            dict.put("value", r.value());
            return dict;
        }
        String message = e.getMessage();
        dict.put("exc_type", e.getClass().getSimpleName());
        dict.put("exc_path", e.getClass().getName());
        dict.put("exc_args", message == null ? List.of() : List.of(message));
        dict.put("value", message == null ? "" : message);
        return dict;
    }

    /** A reply body's result, or its error as a RemoteError (typed for nameko's own errors). */
    public static Object result(byte[] body) {
        Object root;
        try {
            root = Json.MAPPER.readValue(body, Object.class);
        } catch (java.io.IOException e) {
            throw new RemoteError("MalformedReply", "jarbiter.MalformedReply", List.of(), "reply is not valid JSON");
        }
        if (!(root instanceof Map<?, ?> reply)) return null;
        if (reply.get("error") instanceof Map<?, ?> error && !error.isEmpty()) throw toRemoteError(error);
        return reply.get("result");
    }

    private static RemoteError toRemoteError(Map<?, ?> error) {
        String type = text(error, "exc_type");
        String path = text(error, "exc_path");
        String value = text(error, "value");
        @SuppressWarnings("unchecked")
        List<Object> args = error.get("exc_args") instanceof List<?> list ? (List<Object>) list : null;
        String first = args != null && !args.isEmpty() ? String.valueOf(args.get(0)) : value;
        return switch (path) {
            case MethodNotFound.PATH -> new MethodNotFound(first);
            case IncorrectSignature.PATH -> new IncorrectSignature(first);
            case MalformedRequest.PATH -> new MalformedRequest(first);
            case UnserializableValueError.PATH -> new UnserializableValueError(first);
            default -> new RemoteError(type, path, args, value);
        };
    }

    /** As Jackson's {@code path(key).asText()}: "" when missing, "null" for null, a scalar's text. */
    private static String text(Map<?, ?> map, String key) {
        if (!map.containsKey(key)) return "";
        Object v = map.get(key);
        if (v instanceof Map || v instanceof List) return "";
        return String.valueOf(v);
    }

    /** {@code nameko.<key>} headers for the context data (null values dropped) and the call-id stack. */
    public static Map<String, Object> headers(Map<String, Object> contextData, List<String> callIdStack) {
        Map<String, Object> headers = new LinkedHashMap<>();
        contextData.forEach((k, v) -> {
            if (v != null && !k.equals(CALL_ID_STACK)) headers.put(HEADER_PREFIX + k, v);
        });
        if (callIdStack != null && !callIdStack.isEmpty()) headers.put(HEADER_PREFIX + CALL_ID_STACK, new ArrayList<>(callIdStack));
        return headers;
    }

    /** Received headers: context data (prefix stripped, values made plain) and the parent call-id stack. */
    public record Context(Map<String, Object> data, List<String> callIdStack) {}

    public static Context context(Map<String, Object> headers) {
        Map<String, Object> data = new LinkedHashMap<>();
        List<String> stack = new ArrayList<>();
        if (headers != null) {
            headers.forEach((k, v) -> {
                String key = k.startsWith(HEADER_PREFIX) ? k.substring(HEADER_PREFIX.length()) : k;
                if (key.equals(CALL_ID_STACK) && v instanceof List<?> list) {
                    for (Object o : list) stack.add(String.valueOf(plain(o)));
                } else {
                    data.put(key, plain(v));
                }
            });
        }
        return new Context(data, stack);
    }

    /** A header value as plain Java: LongString and byte[] as String, lists and maps converted deeply. */
    public static Object plain(Object v) {
        if (v instanceof LongString s) return s.toString();
        if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(o -> out.add(plain(o)));
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, o) -> out.put(String.valueOf(k), plain(o)));
            return out;
        }
        return v;
    }

    public static byte[] write(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static int indexOf(Parameter[] params, String name) {
        for (int i = 0; i < params.length; i++) if (params[i].getName().equals(name)) return i;
        return -1;
    }

    private static String joinPython(List<String> names) {
        if (names.size() == 1) return names.get(0);
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }
}
