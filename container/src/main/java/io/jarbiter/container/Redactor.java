package io.jarbiter.container;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * nameko's {@code get_redacted_args}: renders a call's arguments by parameter name for logs, with
 * every sensitive path ({@code "password"}, {@code "payload.token"}, {@code "items[0]"}) replaced by
 * {@code ********}.
 */
final class Redactor {
    static final String MASK = "********";

    private Redactor() {}

    static String render(Method method, Object[] args, List<String> sensitive) {
        Parameter[] params = method.getParameters();
        Map<String, Object> byName = new LinkedHashMap<>();
        for (int i = 0; i < params.length && i < args.length; i++) byName.put(params[i].getName(), copy(args[i]));
        for (String path : sensitive) redact(byName, path);
        return byName.toString();
    }

    private static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(k, copy(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(copy(x)));
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static void redact(Map<String, Object> args, String path) {
        String[] parts = path.replace("[", ".[").split("\\.");
        Object holder = args;
        for (int i = 0; i < parts.length; i++) {
            String key = parts[i];
            boolean last = i == parts.length - 1;
            if (key.startsWith("[") && holder instanceof List<?> list) {
                int idx = Integer.parseInt(key.substring(1, key.length() - 1));
                if (idx >= list.size()) return;
                if (last) ((List<Object>) list).set(idx, MASK);
                else holder = list.get(idx);
            } else if (holder instanceof Map<?, ?> map && map.containsKey(key)) {
                if (last) ((Map<Object, Object>) map).put(key, MASK);
                else holder = map.get(key);
            } else {
                return;
            }
        }
    }
}
