package io.jarbiter.arbiter.internal;

import io.jarbiter.posix.Posix;
import io.jarbiter.posix.PosixException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * {@code code_snapshot_dir}: one directory per copied class path, named by its {@link CodeManifest#digest}.
 * Each holds a {@code .lock} file on which every process running from the copy holds a shared {@code flock}:
 * a master while it may spawn workers from it, and each of those workers through the fd it inherits (the lock
 * belongs to the open file, so it lasts until the last of them exits, even if the master is killed first).
 *
 * <p>A copy is written to {@code .tmp-*} (its lock taken first) and renamed into place whole, so no process
 * ever finds a half-written one under a digest's name. A copy is removed by whoever gets the exclusive lock
 * on it, that is when no process holds it: renamed to {@code .trash-*} first (so nobody joins it any more),
 * then deleted. Joining checks after locking that the name still leads to the locked file, so a copy being
 * removed is never joined. Every master sweeps what nobody holds when it takes a copy, so copies left by
 * earlier runs (or by {@code --build-archive}) do not pile up.
 */
final class SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.arbiter");
    static final String LOCK = ".lock";
    private static final String TMP = ".tmp-", TRASH = ".trash-";
    /** A temporary copy without a lock file is being created right now, or was abandoned by a crash this long ago. */
    private static final long ABANDONED_MILLIS = TimeUnit.MINUTES.toMillis(10);
    private static final int ATTEMPTS = 5;
    private final Posix posix = Posix.get();
    private final Path root;

    SnapshotStore(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The copy of {@code manifest}, held (shared lock): the existing one if complete, else a new one; whether it was made. */
    record Taken(CodeSnapshot snapshot, boolean made) {}

    Taken take(CodeManifest manifest) throws IOException {
        Path dir = root.resolve(manifest.digest());
        Files.createDirectories(root);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int fd = join(dir);
            if (fd >= 0) {
                if (manifest.matchesSizes(dir)) return new Taken(new CodeSnapshot(dir, manifest.classpathIn(dir), fd), false);
                posix.close(fd);
                LOG.warn("The code snapshot {} is incomplete (cut short by a crash?); copying the classpath again", dir);
                tryRemove(dir);
            } else {
                fd = make(manifest, dir);
                if (fd >= 0) return new Taken(new CodeSnapshot(dir, manifest.classpathIn(dir), fd), true);
            }
            // another process is removing or making this very copy: its rename takes microseconds
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20L * attempt));
        }
        throw new IOException(dir + " kept being removed or replaced by another process while this one took it");
    }

    /** A shared lock on the copy at {@code dir}, or -1 when there is none (or it is being removed). */
    private int join(Path dir) {
        Path lock = dir.resolve(LOCK);
        int fd;
        try {
            fd = posix.openReadOnly(lock);
        } catch (PosixException e) {
            return -1;
        }
        try {
            if (posix.tryFlock(fd, false) && ((Long) Files.getAttribute(lock, "unix:ino")) == posix.inode(fd)) return fd;
        } catch (IOException | RuntimeException e) {
            // renamed away between open and lock: not ours to use
        }
        posix.close(fd);
        return -1;
    }

    /** Copies into a temporary directory, then renames it to {@code dir}; -1 when another process made it first. */
    private int make(CodeManifest manifest, Path dir) throws IOException {
        Path tmp = Files.createDirectory(root.resolve(TMP + ProcessHandle.current().pid() + "-" + System.nanoTime()));
        int fd = -1;
        try {
            fd = posix.openReadOnly(Files.createFile(tmp.resolve(LOCK)));
            posix.tryFlock(fd, false); // a new file: nobody else holds it
            manifest.copyTo(tmp);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                posix.close(fd);
                fd = -1;
                deleteTree(tmp);
                return -1;
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            if (fd >= 0) posix.close(fd);
            deleteTree(tmp);
            throw e;
        }
    }

    /** Removes the copy at {@code dir} if no process holds it; true when it is gone. */
    boolean tryRemove(Path dir) {
        if (!Files.isDirectory(dir)) return true;
        Path trash = root.resolve(TRASH + dir.getFileName() + "-" + System.nanoTime());
        int fd;
        try {
            fd = posix.openReadOnly(dir.resolve(LOCK));
        } catch (PosixException e) {
            fd = -1; // a copy always has its lock file: this one is damaged, and nobody can hold it
        }
        try {
            if (fd >= 0 && !posix.tryFlock(fd, true)) return false;
            Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.debug("Cannot remove the code snapshot {}: {}", dir, CodeManifest.why(e));
            return !Files.isDirectory(dir);
        } finally {
            if (fd >= 0) posix.close(fd);
        }
        deleteTree(trash);
        LOG.debug("Removed the code snapshot {}", dir);
        return true;
    }

    /** Removes every copy no process holds, except {@code keep}, and what crashed copies or removals left behind. */
    void sweep(Set<Path> keep) {
        List<Path> children;
        try (Stream<Path> list = Files.list(root)) {
            children = list.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            return; // no store yet
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (name.startsWith(TRASH)) {
                deleteTree(child);
            } else if (name.startsWith(TMP)) {
                if (abandoned(child)) deleteTree(child);
            } else if (name.matches("[0-9a-f]{32}") && !keep.contains(child)) {
                tryRemove(child);
            }
        }
    }

    /** A temporary copy that nobody is writing: its lock is free, or it never got one and is old. */
    private boolean abandoned(Path tmp) {
        int fd;
        try {
            fd = posix.openReadOnly(tmp.resolve(LOCK));
        } catch (PosixException e) {
            try {
                return System.currentTimeMillis() - Files.getLastModifiedTime(tmp).toMillis() > ABANDONED_MILLIS;
            } catch (IOException gone) {
                return false;
            }
        }
        try {
            return posix.tryFlock(fd, true);
        } catch (PosixException e) {
            return false;
        } finally {
            posix.close(fd);
        }
    }

    /** Deletes a directory tree; what another process deletes meanwhile is fine. Failures are logged at debug. */
    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                    // another remover got there first
                }
            }
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.debug("Cannot delete {}: {}", dir, e.getMessage());
        }
    }
}
