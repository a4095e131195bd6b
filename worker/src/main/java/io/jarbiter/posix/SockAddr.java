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
            String host = address.getHostAddress();
            return (ipv6() ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private SockAddr() {}

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
