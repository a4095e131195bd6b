package io.jarbiter.arbiter.internal;

import io.jarbiter.posix.Posix;
import io.jarbiter.posix.PosixException;
import io.jarbiter.posix.SockAddr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The master's listening sockets, created once with native {@code socket/bind/listen} and handed to
 * every worker; a reload keeps them unless {@code bind} changed. Accepts {@code HOST:PORT},
 * {@code [v6]:PORT}, {@code unix:PATH} ({@link UnixSocketFile}) and {@code fd://N} (an already listening
 * inherited fd, TCP or unix).
 */
public final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.arbiter");
    /** Listener fds are moved this high so they never collide with the child's 3..3+n layout. */
    static final int HIGH_FD = 100;
    static final int BIND_ATTEMPTS = 5;

    /** One listening socket: the bind string it came from, its fd in the master, and its URL ({@code unix:PATH} for a unix socket). */
    public record Listener(String bind, int fd, String url) {
        /** The socket file of a unix listener, else null. */
        public String unixPath() {
            return url.startsWith(UNIX) ? url.substring(UNIX.length()) : null;
        }
    }

    static final String UNIX = "unix:";

    private Listeners() {}

    /** Binds every address, retrying an address in use {@value #BIND_ATTEMPTS} times a second apart. */
    public static List<Listener> bind(List<String> binds, int backlog) throws HaltException {
        List<Listener> result = new ArrayList<>();
        try {
            for (String bind : binds) {
                result.add(bindOne(bind, backlog, UnixSocketFile.Owner.PROCESS));
            }
        } catch (HaltException e) {
            close(result);
            throw e;
        }
        return result;
    }

    /**
     * Takes over inherited listening fds; each is labelled with the {@code bind} entry at its position
     * when the counts match (so a reload with the same {@code bind} keeps them), else {@code fd://N}.
     */
    public static List<Listener> adopt(InheritedListeners inherited, List<String> binds) {
        List<Listener> result = new ArrayList<>();
        try {
            for (int i = 0; i < inherited.fds().size(); i++) {
                int fd = inherited.fds().get(i);
                Listener l = adopt("fd://" + fd);
                result.add(binds.size() == inherited.fds().size() ? new Listener(binds.get(i), l.fd(), l.url()) : l);
            }
        } catch (HaltException e) {
            close(result);
            throw new HaltException(1, e.getMessage() + " (inherited from " + inherited.source() + ")");
        }
        LOG.info("Using {} listener(s) inherited from {}", result.size(), inherited.source());
        return result;
    }

    public static void close(List<Listener> listeners) {
        for (Listener l : listeners) {
            Posix.get().close(l.fd());
        }
    }

    /** A native call that creates a listening socket and returns its fd. */
    @FunctionalInterface
    private interface Listen {
        int fd() throws PosixException;
    }

    /** Binds one address; unix socket files are made for {@code owner}. */
    static Listener bindOne(String bind, int backlog, UnixSocketFile.Owner owner) {
        Posix posix = Posix.get();
        if (bind.startsWith("fd://")) {
            return adopt(bind);
        }
        if (bind.startsWith(UNIX)) {
            String path = bind.substring(UNIX.length());
            return new Listener(bind, retrying(bind, () -> posix.dupHigh(UnixSocketFile.listen(bind, path, backlog, owner), HIGH_FD)), bind);
        }
        HostPort hp = HostPort.parse(bind);
        byte[] address = resolve(hp);
        int fd = retrying(bind, () -> posix.dupHigh(posix.listenTcp(address, hp.port(), backlog), HIGH_FD));
        try {
            return new Listener(bind, fd, url(posix.localAddress(fd)));
        } catch (PosixException e) {
            posix.close(fd);
            throw new HaltException(1, "cannot listen on " + bind + ": " + e.getMessage());
        }
    }

    private static String url(SockAddr.Address local) {
        return local.unix() ? UNIX + local.path() : "http://" + local.hostPort();
    }

    /** Runs {@code listen}, retrying an address in use {@value #BIND_ATTEMPTS} times a second apart, as gunicorn does. */
    private static int retrying(String bind, Listen listen) {
        for (int attempt = 1; ; attempt++) {
            try {
                return listen.fd();
            } catch (PosixException e) {
                if (e.errno() != Posix.EADDRINUSE) {
                    throw new HaltException(1, "cannot listen on " + bind + ": " + e.getMessage());
                }
                LOG.error("Connection in use: {}", bind);
                if (attempt >= BIND_ATTEMPTS) {
                    throw new HaltException(1, "Can't connect to " + bind + ": address already in use (" + e.getMessage() + ") after "
                            + BIND_ATTEMPTS + " attempts; stop whatever listens there or choose another 'bind'");
                }
                LOG.error("Retrying in 1 second.");
                pause();
            }
        }
    }

    private static Listener adopt(String bind) {
        int fd;
        try {
            fd = Integer.parseInt(bind.substring("fd://".length()));
        } catch (NumberFormatException e) {
            throw new HaltException(1, "bind '" + bind + "': fd://N needs a file descriptor number");
        }
        try {
            SockAddr.Address local = Posix.get().localAddress(fd);
            int high = Posix.get().dupHigh(fd, HIGH_FD);
            return new Listener(bind, high, url(local));
        } catch (PosixException e) {
            throw new HaltException(1, "bind '" + bind + "': fd " + fd + " is not a listening TCP or unix socket: " + e.getMessage());
        }
    }

    private static byte[] resolve(HostPort hp) {
        try {
            return InetAddress.getByName(hp.host()).getAddress();
        } catch (UnknownHostException e) {
            throw new HaltException(1, "bind '" + hp.host() + ":" + hp.port() + "': unknown host '" + hp.host() + "'");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000); // the documented retry pace for an address in use, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A parsed {@code HOST:PORT} or {@code [v6]:PORT}. */
    record HostPort(String host, int port) {
        static HostPort parse(String bind) {
            int colon = bind.lastIndexOf(':');
            if (colon < 0) throw new HaltException(1, "bind '" + bind + "' is not HOST:PORT, [IPv6]:PORT, unix:PATH or fd://N");
            String host = bind.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            if (host.isEmpty()) host = "0.0.0.0";
            try {
                return new HostPort(host, Integer.parseInt(bind.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new HaltException(1, "bind '" + bind + "': port must be a number");
            }
        }
    }
}
