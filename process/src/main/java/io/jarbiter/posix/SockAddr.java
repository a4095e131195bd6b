package io.jarbiter.posix;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes struct sockaddr_in / sockaddr_in6 (family in host order, port in network order) and
 * struct sockaddr_un (a path of at most {@value #UNIX_PATH_MAX} bytes).
 */
public final class SockAddr {
    /** sun_path holds 108 bytes, the last one the terminating NUL. */
    public static final int UNIX_PATH_MAX = 107;

    /**
     * A decoded socket address; {@code family} is 2 (IPv4), 10 (IPv6) or 1 (Unix: {@code path} set,
     * {@code address} null; an abstract socket's path starts with {@code @}).
     */
    public record Address(int family, InetAddress address, int port, String path) {
        public boolean ipv6() {
            return family == Posix.AF_INET6;
        }

        public boolean unix() {
            return family == Posix.AF_UNIX;
        }

        /** {@code 127.0.0.1:8000} or {@code [::1]:8000}. */
        public String hostPort() {
            return ipv6() ? "[" + compress(address.getAddress()) + "]:" + port : address.getHostAddress() + ":" + port;
        }
    }

    private SockAddr() {}

    /** RFC 5952 text of an IPv6 address: the longest run of zero groups becomes {@code ::}. */
    static String compress(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') out.append(':');
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }

    static Pointer encode(Runtime runtime, byte[] address, int port) {
        boolean v6 = address.length == 16;
        Pointer sa = Memory.allocateDirect(runtime, v6 ? 28 : 16, true);
        sa.putShort(0, (short) (v6 ? Posix.AF_INET6 : Posix.AF_INET));
        sa.putByte(2, (byte) (port >> 8));
        sa.putByte(3, (byte) port);
        sa.put(v6 ? 8 : 4, address, 0, address.length);
        return sa;
    }

    /** struct sockaddr_un for {@code path}, and its length (family, path, NUL) in {@code length[0]}. */
    static Pointer encodeUnix(Runtime runtime, String path, int[] length) throws PosixException {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length == 0 || name.length > UNIX_PATH_MAX) {
            throw new PosixException("bind(" + path + ")", 36 /* ENAMETOOLONG */, "a unix socket path must be 1 to " + UNIX_PATH_MAX + " bytes long");
        }
        Pointer sa = Memory.allocateDirect(runtime, 110, true);
        sa.putShort(0, (short) Posix.AF_UNIX);
        sa.put(2, name, 0, name.length);
        length[0] = 2 + name.length + 1;
        return sa;
    }

    static Address decode(Pointer sa, int length) throws PosixException {
        int family = sa.getShort(0) & 0xffff;
        if (family == Posix.AF_UNIX) return new Address(family, null, 0, unixPath(sa, length));
        int port = ((sa.getByte(2) & 0xff) << 8) | (sa.getByte(3) & 0xff);
        byte[] addr = new byte[family == Posix.AF_INET6 ? 16 : 4];
        if (family != Posix.AF_INET && family != Posix.AF_INET6) {
            throw new PosixException("getsockname", 0, "not a TCP or unix socket (address family " + family + ")");
        }
        sa.get(family == Posix.AF_INET6 ? 8 : 4, addr, 0, addr.length);
        try {
            return new Address(family, InetAddress.getByAddress(addr), port, null);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unixPath(Pointer sa, int length) {
        byte[] raw = new byte[Math.max(0, length - 2)];
        sa.get(2, raw, 0, raw.length);
        if (raw.length > 0 && raw[0] == 0) return "@" + new String(raw, 1, raw.length - 1, StandardCharsets.UTF_8); // abstract
        int end = 0;
        while (end < raw.length && raw[end] != 0) end++;
        return new String(raw, 0, end, StandardCharsets.UTF_8);
    }
}
