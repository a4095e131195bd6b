package io.jarbiter.web.internal;

import io.jarbiter.container.ServiceDefinitionException;
import io.jarbiter.container.internal.ServiceModel;
import io.jarbiter.web.Request;
import io.undertow.server.HttpServerExchange;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Binds an {@code @Http} method's parameters, by name, to path variables, query parameters, the
 * JSON body or the request itself. Built once per method (definition errors then, naming the
 * method); {@link #bind} runs per request and throws {@link BadRequest} for input that does not fit.
 */
final class ParameterBinder {
    private enum Source { PATH, QUERY, BODY, REQUEST, EXCHANGE }

    /** Client input that does not fit the method: answered 400. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private final Parameter[] params;
    private final Source[] sources;

    ParameterBinder(Method method, List<String> pathVariables) throws ServiceDefinitionException {
        this.params = method.getParameters();
        this.sources = new Source[params.length];
        boolean body = false;
        for (int i = 0; i < params.length; i++) {
            Parameter p = params[i];
            Class<?> t = p.getType();
            if (t == Request.class) sources[i] = Source.REQUEST;
            else if (t == HttpServerExchange.class) sources[i] = Source.EXCHANGE;
            else if (pathVariables.contains(p.getName())) {
                if (!simple(t)) throw new ServiceDefinitionException(ServiceModel.member(method) + ": path variable {" + p.getName()
                        + "} must be a String, number, boolean or UUID parameter, not " + t.getSimpleName());
                sources[i] = Source.PATH;
            } else if (simple(t)) sources[i] = Source.QUERY;
            else {
                if (body) throw new ServiceDefinitionException(ServiceModel.member(method) + ": only one parameter can take the JSON body ('"
                        + p.getName() + "' is a second one)");
                body = true;
                sources[i] = Source.BODY;
            }
            if (!p.isNamePresent()) throw new ServiceDefinitionException(ServiceModel.member(method)
                    + ": parameter names are missing; compile with -parameters");
        }
        for (String v : pathVariables) {
            boolean found = false;
            for (Parameter p : params) found |= p.getName().equals(v);
            if (!found) throw new ServiceDefinitionException(ServiceModel.member(method) + ": path variable {" + v + "} has no parameter of that name");
        }
    }

    Object[] bind(HttpServerExchange exchange, Map<String, String> pathVars, byte[] body) throws BadRequest {
        Object[] args = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            Parameter p = params[i];
            args[i] = switch (sources[i]) {
                case REQUEST -> new Request(exchange, body, pathVars);
                case EXCHANGE -> exchange;
                case PATH -> convert(p, pathVars.get(p.getName()), "path segment");
                case QUERY -> convert(p, first(exchange, p.getName()), "query parameter");
                case BODY -> body(p, body);
            };
        }
        return args;
    }

    private static String first(HttpServerExchange exchange, String name) {
        var v = exchange.getQueryParameters().get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    private static Object body(Parameter p, byte[] body) throws BadRequest {
        if (body.length == 0) return null;
        try {
            return Json.MAPPER.readValue(body, Json.MAPPER.constructType(p.getParameterizedType()));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new BadRequest("request body is not valid JSON for '" + p.getName() + "': " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadRequest("request body is not valid JSON for '" + p.getName() + "': " + e.getMessage());
        }
    }

    private static Object convert(Parameter p, String raw, String what) throws BadRequest {
        Class<?> t = p.getType();
        if (raw == null) {
            if (t.isPrimitive()) throw new BadRequest("missing " + what + " '" + p.getName() + "'");
            return null;
        }
        try {
            if (t == String.class) return raw;
            if (t == int.class || t == Integer.class) return Integer.parseInt(raw);
            if (t == long.class || t == Long.class) return Long.parseLong(raw);
            if (t == double.class || t == Double.class) return Double.parseDouble(raw);
            if (t == boolean.class || t == Boolean.class) {
                if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) throw new IllegalArgumentException();
                return Boolean.parseBoolean(raw);
            }
            if (t == UUID.class) return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(what + " '" + p.getName() + "' must be " + t.getSimpleName() + ", got '" + raw + "'");
        }
        throw new BadRequest("unsupported parameter type " + t.getSimpleName());
    }

    private static boolean simple(Class<?> t) {
        return t == String.class || t == UUID.class || t == int.class || t == Integer.class || t == long.class || t == Long.class
                || t == double.class || t == Double.class || t == boolean.class || t == Boolean.class;
    }
}
