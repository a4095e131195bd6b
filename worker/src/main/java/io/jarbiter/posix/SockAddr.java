package io.jarbiter.posix;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Encodes and decodes struct sockaddr_in / sockaddr_in6 (family in host order, port in network order). */
public final class SockAddr {
    /** A decoded socket address; {@code family} is 2 (IPv4) or 10 (IPv6). */
    public record Address(int family, InetAddress address, int port) {
        public boolean ipv6() {
            return family == Posix.AF_INET6;
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

    static Address decode(Pointer sa) throws PosixException {
        int family = sa.getShort(0) & 0xffff;
        int port = ((sa.getByte(2) & 0xff) << 8) | (sa.getByte(3) & 0xff);
        byte[] addr = new byte[family == Posix.AF_INET6 ? 16 : 4];
        if (family != Posix.AF_INET && family != Posix.AF_INET6) {
            throw new PosixException("getsockname", 0, "not a TCP socket (address family " + family + ")");
        }
        sa.get(family == Posix.AF_INET6 ? 8 : 4, addr, 0, addr.length);
        try {
            return new Address(family, InetAddress.getByAddress(addr), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
