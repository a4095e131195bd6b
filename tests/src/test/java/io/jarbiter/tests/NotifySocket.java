package io.jarbiter.tests;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Out;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The systemd end of sd_notify for the process tests: an AF_UNIX datagram socket bound at a path
 * (the JDK has no Unix datagram sockets, so this is native), with a daemon thread collecting every
 * message. Each receive waits at most 200 ms, so {@link #close()} returns promptly.
 */
final class NotifySocket implements AutoCloseable {
    public interface Lib {
        int socket(int domain, int type, int protocol);
        int bind(int fd, Pointer address, int length);
        int setsockopt(int fd, int level, int option, Pointer value, int length);
        long recv(int fd, @Out byte[] buf, long length, int flags);
        int close(int fd);
    }

    private static final Lib LIB = LibraryLoader.create(Lib.class).load("c");
    private static final int AF_UNIX = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000, SOL_SOCKET = 1, SO_RCVTIMEO = 20;

    private final Path path;
    private final int fd;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;
    private final Thread reader;

    NotifySocket(Path path) {
        this.path = path;
        Runtime runtime = Runtime.getSystemRuntime();
        fd = LIB.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw new IllegalStateException("socket(AF_UNIX, SOCK_DGRAM) failed");
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        Pointer sa = Memory.allocateDirect(runtime, 110);
        sa.putShort(0, (short) AF_UNIX);
        sa.put(2, name, 0, name.length);
        sa.putByte(2 + name.length, (byte) 0);
        if (LIB.bind(fd, sa, 2 + name.length + 1) != 0) throw new IllegalStateException("bind(" + path + ") failed");
        Pointer timeout = Memory.allocateDirect(runtime, 16);
        timeout.putLong(0, 0);
        timeout.putLong(8, Duration.ofMillis(200).toNanos() / 1000);
        LIB.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16);
        reader = new Thread(this::read, "notify-socket");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] buf = new byte[4096];
        while (open) {
            long n = LIB.recv(fd, buf, buf.length, 0);
            if (n > 0) messages.add(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
        }
    }

    Path path() {
        return path;
    }

    /** Every message so far, in arrival order. */
    List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        reader.join(2000);
        LIB.close(fd);
    }
}
