package io.jarbiter.arbiter.internal;

import io.jarbiter.posix.Posix;
import io.jarbiter.posix.PosixException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The file of a {@code bind: unix:PATH} listener, as gunicorn's {@code UnixSocket} makes it: created under
 * the {@code umask} and given to {@code user}/{@code group} when they are set (the proxy in front, e.g.
 * nginx, connects through the file's permissions). A socket file nothing listens on any more (connect is
 * refused: a master that was killed) is replaced; one another process accepts on is left alone and
 * reported as an address in use; a path that is not a socket is never deleted.
 */
final class UnixSocketFile {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.arbiter");
    private static final int S_IFMT = 0170000, S_IFSOCK = 0140000;

    /** The umask a socket file is created with, and who gets it (null: the master's own user). */
    record Owner(int umask, Posix.Credentials user) {
        /** The process's own umask and user: no change. */
        static final Owner PROCESS = new Owner(-1, null);
    }

    private UnixSocketFile() {}

    /**
     * Creates the socket at {@code path} and listens on it; returns the fd. Throws {@link PosixException} with
     * {@link Posix#EADDRINUSE} while another process accepts there (the caller retries as for a TCP port).
     */
    static int listen(String bind, String path, int backlog, Owner owner) throws PosixException {
        Posix posix = Posix.get();
        clearStale(bind, path);
        int previous = owner.umask() >= 0 ? posix.umask(owner.umask()) : -1;
        int fd;
        try {
            fd = posix.listenUnix(path, backlog);
        } finally {
            if (previous >= 0) posix.umask(previous);
        }
        if (owner.user() != null) {
            try {
                posix.chown(Path.of(path), owner.user().uid(), owner.user().gid());
            } catch (PosixException e) {
                posix.close(fd);
                remove(path);
                throw new HaltException(1, "bind '" + bind + "': cannot give " + path + " to the workers' user (uid "
                        + owner.user().uid() + ", gid " + owner.user().gid() + "): " + e.getMessage() + "; run the master as root or unset 'user'");
            }
        }
        return fd;
    }

    /** Removes the socket file (the master's last listener on it has closed); a missing file is fine. */
    static void remove(String path) {
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException e) {
            LOG.warn("Cannot remove the socket file {}: {}; the next start replaces it", path, e.toString());
        }
    }

    /** Makes room for the socket: nothing there, or a stale socket removed; else throws. */
    private static void clearStale(String bind, String path) throws PosixException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(Path.of(path), "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException | UnsupportedOperationException e) {
            throw new HaltException(1, "bind '" + bind + "': cannot inspect " + path + ": " + e + "; check the directory's permissions");
        }
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new HaltException(1, "bind '" + bind + "': " + path + " exists and is not a socket; remove it or choose another path");
        }
        int errno = Posix.get().probeUnix(path);
        if (errno == 0) {
            throw new PosixException("bind(" + path + ")", Posix.EADDRINUSE, "another process accepts connections on " + path);
        }
        if (errno != Posix.ECONNREFUSED && errno != Posix.ENOENT) {
            throw new HaltException(1, "bind '" + bind + "': cannot tell whether " + path + " is in use (connect: errno " + errno
                    + "); remove it if nothing serves there, or choose another path");
        }
        LOG.info("Replacing the stale socket file {} (nothing listens on it)", path);
        remove(path);
    }
}
