package io.jarbiter.arbiter.internal;

import io.jarbiter.posix.Posix;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The code one generation of workers runs: an immutable copy of app.yaml's {@code classpath} in
 * {@code code_snapshot_dir} ({@link SnapshotStore}), or the class path itself when that setting is off. While
 * this master may still spawn workers of the generation it holds a shared lock on the copy ({@link #lockFd});
 * each worker inherits that fd, so the copy stays while any of them runs.
 */
public final class CodeSnapshot {
    private final Path dir;
    private final List<Path> classpath;
    private int lockFd;

    CodeSnapshot(Path dir, List<Path> classpath, int lockFd) {
        this.dir = dir;
        this.classpath = List.copyOf(classpath);
        this.lockFd = lockFd;
    }

    /** {@code code_snapshot_dir: off}: the workers run the class path where it is. */
    static CodeSnapshot inPlace(List<Path> classpath) {
        return new CodeSnapshot(null, classpath.stream().map(p -> p.toAbsolutePath().normalize()).toList(), -1);
    }

    /** The workers' class path entries (absolute), in app.yaml's order. */
    public List<Path> classpath() {
        return classpath;
    }

    /** The copy's directory; empty when the class path runs in place. */
    public Optional<Path> dir() {
        return Optional.ofNullable(dir);
    }

    /** The fd of the copy's lock file, locked shared, for the workers to inherit; -1 when none or released. */
    int lockFd() {
        return lockFd;
    }

    /** Ends this master's hold: the copy goes once the workers that inherited the lock have exited too. */
    void release() {
        if (lockFd < 0) return;
        Posix.get().close(lockFd);
        lockFd = -1;
    }
}
