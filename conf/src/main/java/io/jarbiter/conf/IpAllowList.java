package io.jarbiter.conf;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The value of {@code forwarded_allow_ips} and {@code proxy_allow_ips}, as gunicorn reads them: a comma-separated
 * list of IP addresses and CIDR networks ({@code 10.0.0.0/8}, {@code 2001:db8::/32}), or {@code *} for every
 * peer. Only IP literals are accepted, so nothing here ever asks DNS. Immutable and thread-safe.
 */
public final class IpAllowList {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private record Network(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) return false;
            int whole = bits / 8, rest = bits % 8;
            for (int i = 0; i < whole; i++) if (address[i] != prefix[i]) return false;
            if (rest == 0) return true;
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    private final String text;
    private final boolean everyone;
    private final List<Network> networks;

    private IpAllowList(String text, boolean everyone, List<Network> networks) {
        this.text = text;
        this.everyone = everyone;
        this.networks = List.copyOf(networks);
    }

    /** Parses a value {@link #normalize} accepted. */
    public static IpAllowList of(String value) {
        try {
            return parse(value, "allow list");
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The stored form of an allow list written in app.yaml or on the command line (a comma-separated string, or a
     * YAML list of them): its entries joined by commas. {@code prefix} starts every error, e.g. {@code app.yaml:7: 'forwarded_allow_ips'}.
     */
    public static String normalize(Object raw, String prefix) throws ConfigException {
        if (raw instanceof Map) throw ConfigException.invalid(prefix + " must be addresses separated by commas, e.g. 127.0.0.1,10.0.0.0/8, got " + raw);
        List<String> entries = new ArrayList<>();
        for (Object item : raw instanceof List<?> list ? list : raw == null ? List.of() : List.of(raw)) {
            for (String entry : String.valueOf(item).split(",")) if (!entry.isBlank()) entries.add(entry.trim());
        }
        String value = String.join(",", entries);
        parse(value, prefix);
        return value;
    }

    private static IpAllowList parse(String value, String prefix) throws ConfigException {
        boolean everyone = false;
        List<Network> networks = new ArrayList<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) continue;
            if (entry.equals("*")) everyone = true;
            else networks.add(network(entry, prefix));
        }
        return new IpAllowList(value, everyone, networks);
    }

    private static Network network(String entry, String prefix) throws ConfigException {
        int slash = entry.indexOf('/');
        InetAddress address = literal(slash < 0 ? entry : entry.substring(0, slash));
        if (address == null) {
            throw ConfigException.invalid(prefix + " entry '" + entry + "' is not an IP address or network; write e.g. 10.0.0.1,"
                    + " 10.0.0.0/8, 2001:db8::/32 or * (host names are not looked up)");
        }
        byte[] bytes = address.getAddress();
        int max = bytes.length * 8;
        int bits = max;
        if (slash >= 0) {
            String len = entry.substring(slash + 1);
            bits = len.matches("\\d{1,3}") ? Integer.parseInt(len) : -1;
            if (bits < 0 || bits > max) throw ConfigException.invalid(prefix + " entry '" + entry + "': the prefix length must be 0 to " + max);
        }
        byte[] base = networkAddress(bytes, bits);
        if (!Arrays.equals(base, bytes)) {
            throw ConfigException.invalid(prefix + " entry '" + entry + "' has host bits set; did you mean "
                    + text(base) + "/" + bits + "?");
        }
        return new Network(bytes, bits);
    }

    private static byte[] networkAddress(byte[] bytes, int bits) {
        BigInteger mask = BigInteger.ONE.shiftLeft(bytes.length * 8).subtract(BigInteger.ONE)
                .shiftRight(bits).not();
        byte[] masked = new BigInteger(1, bytes).and(mask).toByteArray();
        byte[] out = new byte[bytes.length];
        int copy = Math.min(masked.length, out.length);
        System.arraycopy(masked, masked.length - copy, out, out.length - copy, copy);
        return out;
    }

    private static String text(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The address an IP literal names (IPv4 dotted quad or IPv6, without brackets or zone), or null; never asks DNS. */
    public static InetAddress literal(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) return null;
        if (IPV4.matcher(text).matches()) {
            for (String part : text.split("\\.")) if (Integer.parseInt(part) > 255) return null;
        }
        try {
            return InetAddress.getByName(text); // a literal: parsed, not resolved
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@code *} is in the list. */
    public boolean allowsEveryone() {
        return everyone;
    }

    /** Whether {@code address} is one of the listed addresses or in one of the listed networks ({@code *} not counted). */
    public boolean lists(InetAddress address) {
        if (address == null) return false;
        byte[] bytes = address.getAddress();
        for (Network n : networks) if (n.contains(bytes)) return true;
        return false;
    }

    /**
     * Whether a connection from {@code peer} is allowed: {@code *}, a listed address or network, or a peer
     * without an IP address (a unix socket), which gunicorn allows unconditionally.
     */
    public boolean allows(SocketAddress peer) {
        if (everyone || !(peer instanceof InetSocketAddress inet)) return true;
        return lists(inet.getAddress());
    }

    @Override
    public String toString() {
        return text;
    }
}
