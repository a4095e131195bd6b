package io.jarbiter.conf.internal;

import java.util.Map;

/**
 * nameko's {@code ${VAR}} / {@code ${VAR:default}} expansion: the default is used only when the
 * variable is unset; unset without a default gives the empty string; defaults may nest
 * ({@code ${A:${B:x}}}). Stateless apart from the environment it reads.
 */
public final class EnvExpander {
    private final Map<String, String> environ;

    public EnvExpander(Map<String, String> environ) {
        this.environ = environ;
    }

    /** Whether {@code text} contains a {@code ${...}} reference. */
    public static boolean hasReference(String text) {
        int i = text.indexOf("${");
        return i >= 0 && text.indexOf('}', i) > 0;
    }

    /** Expands every reference; throws IllegalArgumentException on an unclosed one. */
    public String expand(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("${", i)) {
                int end = matchingBrace(text, i + 2);
                out.append(resolve(text.substring(i + 2, end)));
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private String resolve(String ref) {
        int colon = ref.indexOf(':');
        String name = colon < 0 ? ref : ref.substring(0, colon);
        String value = environ.get(name);
        if (value != null) return value;
        return colon < 0 ? "" : expand(ref.substring(colon + 1));
    }

    private static int matchingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            if (text.startsWith("${", i)) {
                depth++;
                i++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed '${' in '" + text + "'");
    }
}
