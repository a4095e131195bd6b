package io.jarbiter.arbiter.internal;

import io.jarbiter.process.ConnectionBoard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A worker's files and board slot as the master holds them: real files in a real directory. */
@Timeout(30)
class WorkerTmpTest {
    @TempDir
    Path dir;

    @Test
    void theBoardSlotOfAReapedWorkerIsClearedAndReusedAndClosingTwiceFreesNobodyElsesSlot() throws Exception {
        ConnectionBoard board = ConnectionBoard.create(Files.createFile(dir.resolve("board")));
        WorkerTmp first = WorkerTmp.create(dir, 1, 1, board);
        WorkerTmp second = WorkerTmp.create(dir, 1, 2, board);
        assertEquals(0, first.boardSlot());
        assertEquals(1, second.boardSlot());
        board.accepting(0, true); // the first worker served, then died without unmarking itself (SIGKILL)
        board.publish(0, 5, 50);

        first.close(); // what the master does once it has reaped that worker
        assertFalse(board.accepting(0), "a dead worker no longer counts");
        assertEquals(0, board.connections(0));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the board file is left: heartbeat and scoreboard are unlinked at once");
        }

        WorkerTmp third = WorkerTmp.create(dir, 1, 3, board);
        assertEquals(0, third.boardSlot(), "its replacement takes the freed slot");
        first.close();
        assertEquals(2, board.claim(), "closing again did not free the replacement's slot");
        second.close();
        third.close();
    }

    @Test
    void withoutABoardAWorkerHasNoSlot() throws Exception {
        WorkerTmp heartbeat = WorkerTmp.create(dir, 1, 1, null);
        assertEquals(-1, heartbeat.boardSlot());
        heartbeat.close();
    }
}
