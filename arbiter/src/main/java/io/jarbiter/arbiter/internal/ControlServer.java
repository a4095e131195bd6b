package io.jarbiter.arbiter.internal;

import io.jarbiter.posix.Signals;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The master's control socket ({@code control_socket}): a Unix stream socket, mode 0600, that answers
 * {@code jarbiter status} and {@code jarbiter ctl}. Only peers running as the master's user, the
 * workers' {@code user}, or root are served (SO_PEERCRED). One line in ("status", "ctl reload", ...),
 * one JSON line out. Commands only enqueue signals, exactly what {@code kill} would do; status is
 * built by the main loop ({@link StatusRequests}). Runs on its own daemon threads.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.arbiter");
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5), STATUS_TIMEOUT = Duration.ofSeconds(5);
    /** What {@code jarbiter ctl} can ask, and the signal each one stands for. */
    static final Map<String, Integer> COMMANDS = Map.of("reload", Signals.HUP, "ttin", Signals.TTIN, "ttou", Signals.TTOU,
            "stop", Signals.QUIT, "stop --graceful", Signals.TERM, "reopen", Signals.USR1, "upgrade", Signals.USR2,
            "stop-workers", Signals.WINCH);

    private final Path path;
    private final ServerSocketChannel server;
    private final Object fileKey;
    private final Set<UserPrincipal> allowed;
    private final SignalSource signals;
    private final StatusRequests status;

    private ControlServer(Path path, ServerSocketChannel server, Object fileKey, Set<UserPrincipal> allowed, SignalSource signals, StatusRequests status) {
        this.path = path;
        this.server = server;
        this.fileKey = fileKey;
        this.allowed = allowed;
        this.signals = signals;
        this.status = status;
    }

    /**
     * Binds {@code path} (creating its directory, mode 0700) and starts serving. A socket left by a
     * dead master is replaced; one a live master still answers is taken over with a WARN (the newest
     * master owns the path, as after a USR2 upgrade). Returns null, with an ERROR, when the socket
     * cannot be created: the server keeps serving traffic without it.
     */
    public static ControlServer start(Path path, String workerUserName, SignalSource signals, StatusRequests status) {
        ServerSocketChannel server = null;
        try {
            Path dir = path.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) takeOver(path);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            var lookup = path.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal self = Files.getOwner(path);
            UserPrincipal workerUser = workerUserName == null ? null : lookup.lookupPrincipalByName(workerUserName);
            if (workerUser != null) Files.setOwner(path, workerUser);
            Set<UserPrincipal> allowed = new HashSet<>(List.of(self, lookup.lookupPrincipalByName("root")));
            if (workerUser != null) allowed.add(workerUser);
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            ControlServer c = new ControlServer(path, server, key, allowed, signals, status);
            Thread t = new Thread(c::acceptLoop, "control");
            t.setDaemon(true);
            t.start();
            LOG.info("Control socket at {}", path);
            return c;
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                try {
                    server.close();
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // nothing more to undo
                }
            }
            LOG.error("No control socket: cannot listen on {}: {}; set 'control_socket' to a writable path (or 'off')", path, e.toString());
            return null;
        }
    }

    private static void takeOver(Path path) throws IOException {
        if (!Files.readAttributes(path, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther()) {
            throw new IOException(path + " exists and is not a socket; remove it or choose another control_socket");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            LOG.warn("Control socket {} belongs to another running master; taking it over", path);
        } catch (IOException stale) {
            // nobody listens: a leftover from a master that did not exit cleanly
        }
        Files.deleteIfExists(path);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel peer;
            try {
                peer = server.accept();
            } catch (IOException e) {
                return; // closed at exit
            }
            // each client on its own thread: a slow or refused one never holds up the next
            Thread t = new Thread(() -> serve(peer), "control-client");
            t.setDaemon(true);
            t.start();
        }
    }

    private boolean permitted(SocketChannel peer) {
        try {
            UnixDomainPrincipal who = peer.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (allowed.contains(who.user())) return true;
            LOG.warn("Control socket: refused a client running as {} (only {} may connect)", who.user().getName(), allowed.stream().map(UserPrincipal::getName).toList());
            readLine(peer); // closing with its request unread would reset the connection before it reads why
            reply(peer, "{\"error\":\"permission denied: the control socket serves the master's user and root only\"}");
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Control socket: cannot check a client's credentials: {}", e.toString());
        }
        close(peer);
        return false;
    }

    private void serve(SocketChannel peer) {
        if (!permitted(peer)) return;
        try {
            String line = readLine(peer);
            reply(peer, answer(line == null ? "" : line.trim()));
        } catch (IOException e) {
            LOG.debug("Control client went away: {}", e.toString());
        } finally {
            close(peer);
        }
    }

    String answer(String request) {
        if (request.equals("status")) {
            try {
                return StatusFormat.json(status.request(STATUS_TIMEOUT));
            } catch (TimeoutException e) {
                return "{\"error\":\"the master did not answer within " + STATUS_TIMEOUT.toSeconds() + " s (it may be stopping)\"}";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "{\"error\":\"interrupted\"}";
            }
        }
        if (request.startsWith("ctl ")) {
            String command = request.substring(4).trim();
            Integer sig = COMMANDS.get(command);
            if (sig != null) {
                signals.add(sig);
                return "{\"ok\":true,\"command\":" + StatusFormat.str(command) + ",\"signal\":" + StatusFormat.str(Signals.name(sig).toUpperCase()) + "}";
            }
        }
        return "{\"error\":" + StatusFormat.str("unknown request '" + request + "'; expected 'status' or 'ctl' with one of "
                + new java.util.TreeSet<>(COMMANDS.keySet())) + "}";
    }

    /** One request line, at most 1 KiB, within {@link #READ_TIMEOUT}. */
    private static String readLine(SocketChannel peer) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1024);
        peer.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            peer.register(selector, SelectionKey.OP_READ);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (buf.hasRemaining()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || selector.select(left) == 0) break;
                selector.selectedKeys().clear();
                if (peer.read(buf) < 0) break;
                String sofar = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
                if (sofar.indexOf('\n') >= 0) return sofar.substring(0, sofar.indexOf('\n'));
            }
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    private static void reply(SocketChannel peer, String json) throws IOException {
        peer.configureBlocking(true);
        ByteBuffer out = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) peer.write(out);
    }

    private static void close(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Stops serving and removes the socket file unless a newer master has replaced it. */
    @Override
    public void close() {
        try {
            server.close();
            Object now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            if (fileKey != null && fileKey.equals(now)) Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // gone already, or replaced: nothing of ours to remove
        }
    }
}
