package io.jarbiter.web.internal;

import io.jarbiter.container.ServiceDefinitionException;
import io.jarbiter.process.Json;
import io.jarbiter.web.Request;
import io.undertow.server.HttpServerExchange;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Map;

/**
 * Binds an {@code @Http} method's parameters, by name, to path variables, query parameters, the
 * JSON body or the request itself. Built once per method, when the service is: a parameter that
 * nothing can bind is a definition error then, naming the method, not a failure at request time.
 * {@link #bind} runs per request and throws {@link BadRequest} for input that does not fit.
 */
final class ParameterBinder {
    private enum Source { PATH, QUERY, BODY, REQUEST, EXCHANGE }

    private final Parameter[] params;
    private final Source[] sources;
    private final TextValue[] texts;
    private final BodyReader body;

    ParameterBinder(Method method, List<String> pathVariables, boolean ignoreUnknownFields) throws ServiceDefinitionException {
        this.params = method.getParameters();
        this.sources = new Source[params.length];
        this.texts = new TextValue[params.length];
        BodyReader bodyReader = null;
        for (int i = 0; i < params.length; i++) {
            Parameter p = params[i];
            if (!p.isNamePresent()) throw new ServiceDefinitionException(ServiceDefinitionException.member(method)
                    + ": parameter names are missing; compile with -parameters");
            Class<?> t = p.getType();
            texts[i] = TextValue.of(p);
            if (t == Request.class) sources[i] = Source.REQUEST;
            else if (t == HttpServerExchange.class) sources[i] = Source.EXCHANGE;
            else if (pathVariables.contains(p.getName())) {
                if (texts[i] == null) throw new ServiceDefinitionException(ServiceDefinitionException.member(method) + ": path variable {" + p.getName()
                        + "} is a " + t.getSimpleName() + "; a path variable must be " + TextValue.SUPPORTED);
                sources[i] = Source.PATH;
            } else if (texts[i] != null) sources[i] = Source.QUERY;
            else {
                if (!BodyReader.canTake(Json.MAPPER.constructType(p.getParameterizedType()))) {
                    throw new ServiceDefinitionException(ServiceDefinitionException.member(method) + ": parameter '" + p.getName() + "' is a "
                            + t.getSimpleName() + ", which is neither a query parameter (" + TextValue.SUPPORTED
                            + ") nor a JSON body (a record or class of yours, a List, Map or array)");
                }
                if (bodyReader != null) throw new ServiceDefinitionException(ServiceDefinitionException.member(method)
                        + ": only one parameter can take the JSON body ('" + p.getName() + "' is a second one)");
                bodyReader = new BodyReader(p, ignoreUnknownFields);
                sources[i] = Source.BODY;
            }
        }
        this.body = bodyReader;
        for (String v : pathVariables) {
            boolean found = false;
            for (Parameter p : params) found |= p.getName().equals(v);
            if (!found) throw new ServiceDefinitionException(ServiceDefinitionException.member(method) + ": path variable {" + v + "} has no parameter of that name");
        }
    }

    Object[] bind(HttpServerExchange exchange, Map<String, String> pathVars, byte[] bytes) throws BadRequest {
        Object[] args = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            String name = params[i].getName();
            args[i] = switch (sources[i]) {
                case REQUEST -> new Request(exchange, bytes, pathVars);
                case EXCHANGE -> exchange;
                case PATH -> texts[i].parse(name, pathVars.get(name), "path segment");
                case QUERY -> texts[i].parse(name, first(exchange, name), "query parameter");
                case BODY -> body.read(bytes);
            };
        }
        return args;
    }

    private static String first(HttpServerExchange exchange, String name) {
        var v = exchange.getQueryParameters().get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }
}
