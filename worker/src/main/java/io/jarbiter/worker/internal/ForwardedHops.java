package io.jarbiter.worker.internal;

import io.jarbiter.conf.IpAllowList;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hops a request went through, as proxies write them: {@code X-Forwarded-For: client, proxy1, proxy2} or
 * RFC 7239's {@code Forwarded: for=client;proto=https;host=example.com, for="[2001:db8::1]:4711"}, oldest first.
 * Parsing only; whom to believe is {@link ProxyHeaders}'s business.
 */
final class ForwardedHops {
    /**
     * One hop: the node as written ({@code 192.0.2.1:80}, {@code [2001:db8::1]}, {@code unknown}, {@code _hidden}),
     * its address when the node is an IP literal (port 0 when none is given), and for a {@code Forwarded} element
     * its {@code proto} (lower case, only http or https) and {@code host}, or null.
     */
    record Hop(String node, InetSocketAddress address, String proto, String host) {}

    private ForwardedHops() {}

    /** The hops of {@code X-Forwarded-For} values (each may list several, comma-separated); empty for none. */
    static List<Hop> xForwardedFor(Iterable<String> values) {
        List<Hop> hops = new ArrayList<>();
        if (values == null) return hops;
        for (String value : values) {
            for (String node : value.split(",")) {
                node = node.trim();
                if (!node.isEmpty()) hops.add(new Hop(node, address(node), null, null));
            }
        }
        return hops;
    }

    /** The elements of {@code Forwarded} values, or null when one is not RFC 7239 syntax (then none of it is used). */
    static List<Hop> forwarded(Iterable<String> values) {
        List<Hop> hops = new ArrayList<>();
        if (values == null) return hops;
        for (String value : values) {
            List<List<String[]>> elements = split(value);
            if (elements == null) return null;
            for (List<String[]> pairs : elements) hops.add(hop(pairs));
        }
        return hops;
    }

    private static Hop hop(List<String[]> pairs) {
        String node = null, proto = null, host = null;
        for (String[] pair : pairs) {
            switch (pair[0].toLowerCase(Locale.ROOT)) {
                case "for" -> node = pair[1];
                case "proto" -> proto = pair[1].toLowerCase(Locale.ROOT);
                case "host" -> host = pair[1];
                default -> { } // by= and extensions: not used
            }
        }
        boolean knownProto = "http".equals(proto) || "https".equals(proto);
        boolean plainHost = host != null && !host.isEmpty() && host.chars().allMatch(c -> c > ' ' && c < 127);
        return new Hop(node, node == null ? null : address(node), knownProto ? proto : null, plainHost ? host : null);
    }

    /**
     * {@code element *( "," element )}, each {@code pair *( ";" pair )}, each {@code token "=" ( token / quoted-string )};
     * empty elements are skipped, as list syntax allows.
     */
    private static List<List<String[]>> split(String value) {
        List<List<String[]>> elements = new ArrayList<>();
        List<String[]> pairs = new ArrayList<>();
        int i = 0, n = value.length();
        while (i < n) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t') { i++; continue; }
            if (c == ',' || c == ';') {
                if (c == ',' && !pairs.isEmpty()) { elements.add(pairs); pairs = new ArrayList<>(); }
                i++;
                continue;
            }
            int eq = value.indexOf('=', i);
            if (eq < 0) return null;
            String name = value.substring(i, eq).trim();
            if (!isToken(name, false)) return null;
            StringBuilder v = new StringBuilder();
            i = eq + 1;
            if (i < n && value.charAt(i) == '"') {
                i = quoted(value, i + 1, v);
                if (i < 0) return null;
            } else {
                while (i < n && value.charAt(i) != ',' && value.charAt(i) != ';') v.append(value.charAt(i++));
                if (!isToken(v.toString().trim(), true)) return null;
            }
            pairs.add(new String[]{name, v.toString().trim()});
        }
        if (!pairs.isEmpty()) elements.add(pairs);
        return elements;
    }

    /** Reads a quoted-string's content from {@code start} (after the opening quote); the index after it, or -1. */
    private static int quoted(String value, int start, StringBuilder into) {
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') return i + 1;
            if (c == '\\' && i + 1 < value.length()) c = value.charAt(++i);
            into.append(c);
        }
        return -1;
    }

    /** RFC 7230's token; an unquoted value may also hold {@code : [ ]}, as proxies write {@code for=192.0.2.1:80} unquoted. */
    private static boolean isToken(String s, boolean value) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean separator = "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0 && !(value && ":[]".indexOf(c) >= 0);
            if (c <= ' ' || c >= 127 || separator) return false;
        }
        return true;
    }

    /**
     * The address of a node: {@code 192.0.2.1}, {@code 192.0.2.1:80}, {@code 2001:db8::1}, {@code [2001:db8::1]} or
     * {@code [2001:db8::1]:80}; null for anything else ({@code unknown}, an obfuscated {@code _name}, a host name).
     */
    static InetSocketAddress address(String node) {
        String host = node, port = null;
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0) return null;
            host = node.substring(1, close);
            String rest = node.substring(close + 1);
            if (rest.startsWith(":")) port = rest.substring(1);
            else if (!rest.isEmpty()) return null;
        } else if (node.indexOf(':') >= 0 && node.indexOf(':') == node.lastIndexOf(':')) {
            host = node.substring(0, node.indexOf(':'));
            port = node.substring(node.indexOf(':') + 1);
        }
        InetAddress address = IpAllowList.literal(host);
        if (address == null) return null;
        int p = port != null && port.matches("\\d{1,5}") ? Integer.parseInt(port) : 0;
        return new InetSocketAddress(address, p > 65535 ? 0 : p);
    }
}
