package io.jarbiter.conf.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the master hands a generation's configuration to its workers in one environment variable: the plain
 * values app.yaml's safe loader makes (null, strings, booleans, integers, longs, big integers, doubles,
 * dates, byte arrays, lists, sets, maps), each tagged with its type so that it comes back exactly as the
 * master had it. The text is printable ASCII whatever the strings hold, so the variable survives any
 * locale's environment encoding.
 *
 * <p>Not YAML, though the values come from YAML: a worker decodes this first thing in its boot, where
 * parsing YAML (or Java serialization) costs a cold JVM far more than this small grammar; the worker then never
 * loads the YAML parser at all.
 *
 * <p>Grammar: {@code n} null, {@code t}/{@code f}, {@code "…"} string (escapes {@code \"}, {@code \\},
 * {@code \}{@code uXXXX}), {@code i…;} int, {@code l…;} long, {@code b…;} big integer, {@code d…;} double,
 * {@code D…;} date (epoch ms), {@code y…;} bytes (Base64), {@code […]} list, {@code <…>} set,
 * {@code {key value …}} map.
 */
public final class EnvCodec {
    private final String text;
    private int at;

    private EnvCodec(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException for a value the safe loader never makes, naming its type */
    public static String encode(Object value) {
        StringBuilder out = new StringBuilder(1024);
        write(out, value);
        return out.toString();
    }

    /** The value {@link #encode} was given; IllegalArgumentException naming the offset when {@code text} is not an encoding. */
    public static Object decode(String text) {
        EnvCodec in = new EnvCodec(text);
        try {
            Object value = in.read();
            if (in.at != text.length()) throw in.error("trailing characters");
            return value;
        } catch (Malformed e) {
            throw e;
        } catch (IllegalArgumentException e) { // a number or Base64 that does not parse
            throw in.error(e.getMessage());
        }
    }

    private static void write(StringBuilder out, Object v) {
        if (v == null) {
            out.append('n');
        } else if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Boolean b) {
            out.append(b ? 't' : 'f');
        } else if (v instanceof Integer || v instanceof Long || v instanceof BigInteger || v instanceof Double) {
            out.append(v instanceof Integer ? 'i' : v instanceof Long ? 'l' : v instanceof BigInteger ? 'b' : 'd').append(v).append(';');
        } else if (v.getClass() == Date.class) {
            out.append('D').append(((Date) v).getTime()).append(';');
        } else if (v instanceof byte[] bytes) {
            out.append('y').append(Base64.getEncoder().encodeToString(bytes)).append(';');
        } else if (v instanceof List<?> || v instanceof Set<?>) {
            out.append(v instanceof List<?> ? '[' : '<');
            for (Object e : (Iterable<?>) v) write(out, e);
            out.append(v instanceof List<?> ? ']' : '>');
        } else if (v instanceof Map<?, ?> map) {
            out.append('{');
            map.forEach((k, e) -> {
                write(out, k);
                write(out, e);
            });
            out.append('}');
        } else {
            throw new IllegalArgumentException("a configuration value of type " + v.getClass().getName() + " cannot be passed to workers");
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c >= 0x20 && c < 0x7f) out.append(c);
            else out.append(String.format("\\u%04x", (int) c));
        }
        out.append('"');
    }

    private Object read() {
        if (at >= text.length()) throw error("value expected");
        char tag = text.charAt(at++);
        return switch (tag) {
            case 'n' -> null;
            case 't' -> Boolean.TRUE;
            case 'f' -> Boolean.FALSE;
            case '"' -> string();
            case 'i' -> Integer.valueOf(number());
            case 'l' -> Long.valueOf(number());
            case 'b' -> new BigInteger(number());
            case 'd' -> Double.valueOf(number());
            case 'D' -> new Date(Long.parseLong(number()));
            case 'y' -> Base64.getDecoder().decode(number());
            case '[' -> {
                List<Object> list = new ArrayList<>();
                while (!closes(']')) list.add(read());
                yield list;
            }
            case '<' -> {
                Set<Object> set = new LinkedHashSet<>();
                while (!closes('>')) set.add(read());
                yield set;
            }
            case '{' -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                while (!closes('}')) map.put(read(), read());
                yield map;
            }
            default -> {
                at--;
                throw error("unknown tag '" + tag + "'");
            }
        };
    }

    private boolean closes(char end) {
        if (at >= text.length()) throw error("'" + end + "' expected");
        if (text.charAt(at) != end) return false;
        at++;
        return true;
    }

    /** The characters up to the next ';' (a number's or byte array's digits). */
    private String number() {
        int end = text.indexOf(';', at);
        if (end < 0) throw error("';' expected");
        String digits = text.substring(at, end);
        at = end + 1;
        return digits;
    }

    private String string() {
        StringBuilder s = new StringBuilder();
        while (true) {
            if (at >= text.length()) throw error("unterminated string");
            char c = text.charAt(at++);
            if (c == '"') return s.toString();
            if (c != '\\') {
                s.append(c);
            } else if (at < text.length() && text.charAt(at) == 'u' && at + 5 <= text.length()) {
                s.append((char) Integer.parseInt(text, at + 1, at + 5, 16));
                at += 5;
            } else if (at < text.length()) {
                s.append(text.charAt(at++));
            }
        }
    }

    private Malformed error(String what) {
        return new Malformed(what + " at offset " + at);
    }

    private static final class Malformed extends IllegalArgumentException {
        Malformed(String message) {
            super(message);
        }
    }
}
