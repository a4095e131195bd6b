package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.posix.Posix;
import io.jarbiter.posix.PosixException;
import io.jarbiter.process.BootPlan;
import io.jarbiter.process.ConnectionBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The files the master shares with its workers: each worker's heartbeat and scoreboard ({@link WorkerTmp}), and the
 * one connection board of all serving workers, created at the first spawn that needs it and kept for the master's
 * life. Main thread only.
 */
final class WorkerFiles {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.arbiter");
    private final Posix posix = Posix.get();
    private final long masterPid;
    /** The board, its fd (above the workers' range), and whether creating it failed (then it is not tried again). */
    private ConnectionBoard board;
    private int boardFd = -1;
    private boolean noBoard;

    WorkerFiles(long masterPid) {
        this.masterPid = masterPid;
    }

    /**
     * The files of a new worker, given to the workers' {@code user} when set (a worker that drops to it must still
     * write them): its heartbeat and scoreboard, and a slot on the board unless it is a training worker (nobody
     * serves beside it).
     */
    WorkerTmp open(Config config, int age, BootPlan plan) throws IOException {
        ConnectionBoard shared = plan.training() ? null : board(config);
        WorkerTmp tmp = WorkerTmp.create(config.workerTmpDir(), masterPid, age, shared);
        try {
            Posix.Credentials user = WorkerUser.resolve(config).orElse(null);
            if (user != null) {
                posix.fchown(tmp.fd(), user.uid(), user.gid());
                posix.fchown(tmp.scoreboardFd(), user.uid(), user.gid());
                if (shared != null) posix.fchown(boardFd, user.uid(), user.gid());
            }
        } catch (PosixException | HaltException e) {
            tmp.close();
            throw new IOException(e.getMessage(), e);
        }
        return tmp;
    }

    /** {@code tmp}'s fds in the order of the contract: heartbeat, scoreboard, then the board when it has a slot on it. */
    int[] inheritedFds(WorkerTmp tmp) {
        return tmp.boardSlot() >= 0 ? new int[] {tmp.fd(), tmp.scoreboardFd(), boardFd} : new int[] {tmp.fd(), tmp.scoreboardFd()};
    }

    /** {@link ConnectionBoard#hasTraffic} now; without a board, assumed. */
    boolean hasTraffic() {
        return board == null || board.hasTraffic(System.nanoTime());
    }

    /**
     * The board, created in worker_tmp_dir and unlinked at once (null if it cannot be created: workers then accept
     * without balancing).
     */
    private ConnectionBoard board(Config config) {
        if (board != null || noBoard) return board;
        Path file = config.workerTmpDir().resolve("jarbiter-" + masterPid + "-board-" + System.nanoTime());
        try {
            int fd = posix.createFile(file);
            try {
                board = ConnectionBoard.create(file);
            } catch (IOException e) {
                posix.close(fd);
                throw e;
            } finally {
                posix.unlink(file);
            }
            boardFd = posix.dupHigh(fd, Listeners.HIGH_FD);
        } catch (IOException e) {
            noBoard = true;
            LOG.warn("Workers accept without balancing connections among themselves: cannot create the connection board in {}: {}",
                    config.workerTmpDir(), e.getMessage());
        }
        return board;
    }
}
