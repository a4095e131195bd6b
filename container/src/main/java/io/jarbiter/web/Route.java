package io.jarbiter.web;

import io.undertow.server.HttpServerExchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path template ({@code /greet/{name}}) compiled, with its HTTP methods and its handler: what an entrypoint
 * {@linkplain WebServer#register registers} with the shared {@link WebServer}. Immutable.
 */
public final class Route {
    /** What a matched request is handed to. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpServerExchange exchange, Map<String, String> pathVariables) throws Exception;
    }

    private final Pattern pattern;
    /** The whole template when it has no variables: matched with equals, no regex. */
    private final String literal;
    /** The template's text before its first variable: a path without it cannot match, so no regex runs. */
    private final String prefix;
    private final List<String> variables;
    private final Set<String> methods; // sorted, for the Allow header
    private final Set<String> lookup; // the same, hashed: checked on every request
    private final Handler handler;

    private Route(Pattern pattern, String literal, String prefix, List<String> variables, Set<String> methods, Handler handler) {
        this.pattern = pattern;
        this.literal = literal;
        this.prefix = prefix;
        this.variables = variables;
        this.methods = methods;
        this.lookup = Set.copyOf(methods);
        this.handler = handler;
    }

    /** Compiles {@code /greet/{name}}; throws IllegalArgumentException saying what is wrong. */
    public static Route compile(String template, String methods, Handler handler) {
        if (!template.startsWith("/")) throw new IllegalArgumentException("path '" + template + "' must start with '/'");
        StringBuilder regex = new StringBuilder();
        StringBuilder text = new StringBuilder(); // literal characters not yet added to regex
        List<String> vars = new ArrayList<>();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) throw new IllegalArgumentException("path '" + template + "' is not a valid template: unclosed '{'");
                String name = template.substring(i + 1, end);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("path '" + template + "': '{" + name + "}' must name a parameter");
                }
                if (vars.contains(name)) throw new IllegalArgumentException("path '" + template + "' uses {" + name + "} twice");
                vars.add(name);
                if (text.length() > 0) regex.append(Pattern.quote(text.toString()));
                text.setLength(0);
                regex.append("([^/]+)");
                i = end + 1;
            } else if (c == '}') {
                throw new IllegalArgumentException("path '" + template + "' is not a valid template: '}' without '{'");
            } else {
                text.append(c);
                i++;
            }
        }
        if (text.length() > 0) regex.append(Pattern.quote(text.toString()));
        Set<String> m = new TreeSet<>();
        for (String s : methods.split(",")) if (!s.isBlank()) m.add(s.trim().toUpperCase(Locale.ROOT));
        if (m.isEmpty()) throw new IllegalArgumentException("no HTTP method given");
        int brace = template.indexOf('{');
        return new Route(Pattern.compile(regex.toString()), vars.isEmpty() ? template : null,
                brace < 0 ? template : template.substring(0, brace), List.copyOf(vars), m, handler);
    }

    /** The path variables when {@code path} matches (URL-decoded by undertow already), else null. */
    public Map<String, String> match(String path) {
        if (literal != null) return literal.equals(path) ? Map.of() : null;
        if (!path.startsWith(prefix)) return null;
        Matcher m = pattern.matcher(path);
        if (!m.matches()) return null;
        Map<String, String> vars = new LinkedHashMap<>();
        for (int g = 0; g < variables.size(); g++) vars.put(variables.get(g), m.group(g + 1));
        return vars;
    }

    public boolean allows(String method) {
        return lookup.contains(method) || (method.equals("HEAD") && lookup.contains("GET"));
    }

    /** The path when the template has no variables (it matches that path only), else null. */
    public String literal() { return literal; }

    public Set<String> methods() { return methods; }

    public List<String> variables() { return variables; }

    public Handler handler() { return handler; }
}
