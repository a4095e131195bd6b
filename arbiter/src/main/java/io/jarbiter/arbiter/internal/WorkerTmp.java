package io.jarbiter.arbiter.internal;

import io.jarbiter.posix.Posix;
import io.jarbiter.posix.PosixException;
import io.jarbiter.process.ConnectionBoard;
import io.jarbiter.process.Scoreboard;

import java.nio.file.Path;

/**
 * One worker's files as the master holds them (gunicorn's WorkerTmp): the heartbeat and scoreboard files, created
 * in worker_tmp_dir, unlinked at once and kept open as fds (the scoreboard stays readable after the worker exits,
 * until {@link #close}), and the worker's slot on the connection board, cleared and freed by {@link #close} once
 * the master has reaped it. Main thread only.
 */
final class WorkerTmp implements WorkerSpawner.Heartbeat {
    private final int fd;
    private final int scoreboardFd;
    private final ConnectionBoard board;
    private final int boardSlot;
    private boolean closed;

    private WorkerTmp(int fd, int scoreboardFd, ConnectionBoard board) {
        this.fd = fd;
        this.scoreboardFd = scoreboardFd;
        this.board = board;
        this.boardSlot = board == null ? -1 : board.claim();
    }

    /** The files of worker {@code age} in {@code dir}, and a slot on {@code board} (null: none). */
    static WorkerTmp create(Path dir, long masterPid, int age, ConnectionBoard board) throws PosixException {
        int fd = privateFile(dir, masterPid, age, ".hb");
        try {
            return new WorkerTmp(fd, privateFile(dir, masterPid, age, ".sb"), board);
        } catch (PosixException e) {
            Posix.get().close(fd);
            throw e;
        }
    }

    private static int privateFile(Path dir, long masterPid, int age, String suffix) throws PosixException {
        Posix posix = Posix.get();
        Path file = dir.resolve("jarbiter-" + masterPid + "-" + age + "-" + System.nanoTime() + suffix);
        int fd = posix.createFile(file);
        posix.unlink(file);
        return posix.dupHigh(fd, Listeners.HIGH_FD);
    }

    int fd() {
        return fd;
    }

    int scoreboardFd() {
        return scoreboardFd;
    }

    /** -1: not on the board (none, or all its slots taken). */
    int boardSlot() {
        return boardSlot;
    }

    @Override
    public Scoreboard scoreboard() {
        byte[] raw = new byte[Scoreboard.SIZE];
        try {
            return Posix.get().pread(scoreboardFd, raw, 0) == raw.length ? Scoreboard.decode(raw) : Scoreboard.empty();
        } catch (PosixException e) {
            return Scoreboard.empty();
        }
    }

    @Override
    public long lastBeatNanos() {
        try {
            return Posix.get().ctimeNanos(fd);
        } catch (PosixException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        if (closed) return; // the fds and the slot may already belong to someone else
        closed = true;
        Posix.get().close(fd);
        Posix.get().close(scoreboardFd);
        if (board != null) board.release(boardSlot);
    }
}
