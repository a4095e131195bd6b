package io.jarbiter.arbiter.internal;

import io.jarbiter.posix.Posix;
import io.jarbiter.posix.PosixException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * gunicorn's pidfile: written atomically (temp file + rename), refused when it names another live
 * process, and removed on exit only if it still holds our pid (a newer master may own it).
 */
public final class Pidfile {
    private Path path; // main thread only: moved by an upgrade (USR2) and back
    private final long pid;

    private Pidfile(Path path, long pid) {
        this.path = path;
        this.pid = pid;
    }

    public static Pidfile create(Path path, long pid) {
        long existing = read(path);
        if (existing > 0 && existing != pid && alive(existing)) {
            throw new HaltException(1, "pidfile " + path + " names running process " + existing
                    + "; is jarbiter already running? Stop it, or remove the file if that process is not jarbiter");
        }
        Pidfile pidfile = new Pidfile(path, pid);
        pidfile.write(path);
        return pidfile;
    }

    public Path path() {
        return path;
    }

    /**
     * Moves the pidfile to {@code target} (an upgrade's {@code <pidfile>.oldbin}, and back when the new
     * master dies), replacing what is there; later {@link #unlink} removes it at its new place.
     */
    public void moveTo(Path target) {
        try {
            if (read(path) == pid) Files.move(path, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            else write(target);
        } catch (IOException e) {
            write(target);
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // the stale copy names a live pid (ours) and is harmless until we exit
            }
        }
        path = target;
    }

    /** Removes the file if it still holds our pid. */
    public void unlink() {
        if (read(path) == pid) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // best effort at exit; a stale pidfile is detected as stale next start
            }
        }
    }

    private void write(Path target) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, ".jarbiter-pid", ".tmp");
            Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new HaltException(1, "cannot write pidfile " + target + ": " + e + "; check 'pidfile' and the directory's permissions");
        }
    }

    static long read(Path path) {
        try {
            return Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException | NumberFormatException e) {
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean alive(long pid) {
        try {
            return Posix.get().kill((int) pid, 0);
        } catch (PosixException e) {
            return e.errno() == 1; // EPERM: it exists, owned by someone else
        }
    }
}
