package io.jarbiter.process;

import io.jarbiter.posix.Posix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The board as the master and a worker see it: one real file, mapped twice (once through its fd, as a worker does). */
@Timeout(30)
class ConnectionBoardTest {
    @TempDir
    Path dir;

    @Test
    void aWorkerSeesThroughItsFdWhatTheMasterAndOtherWorkersWrite() throws Exception {
        Path file = dir.resolve("board");
        int fd = Posix.get().createFile(file);
        try {
            ConnectionBoard master = ConnectionBoard.create(file);
            Posix.get().unlink(file); // as the master does: the worker only has the fd
            int mine = master.claim(), peer = master.claim();
            assertEquals(0, mine);
            assertEquals(1, peer);
            ConnectionBoard worker = ConnectionBoard.adopt(fd);
            assertEquals(2, worker.slotsInUse());
            assertFalse(worker.accepting(peer), "a new slot is not accepting");

            master.accepting(peer, true); // standing in for the peer worker's own writes
            master.publish(peer, 7, 40);
            assertTrue(worker.accepting(peer));
            assertEquals(7, worker.connections(peer));
            assertEquals(40, worker.accepted(peer));

            worker.publish(mine, 3, 9);
            assertEquals(3, master.connections(mine), "the mapping is shared, not copied");
        } finally {
            Posix.get().close(fd);
        }
    }

    @Test
    void trafficIsAConnectionHeldOrOneAcceptedWithinTheWindowByAnAcceptingWorker() throws Exception {
        ConnectionBoard board = ConnectionBoard.create(Files.createFile(dir.resolve("board")));
        long window = ConnectionBoard.TRAFFIC_WINDOW_NANOS;
        int a = board.claim(), b = board.claim();
        assertFalse(board.hasTraffic(System.nanoTime()), "nothing accepted yet");
        board.accepting(a, true);
        board.accepting(b, true);
        board.publish(a, 0, 0);
        assertFalse(board.hasTraffic(System.nanoTime()), "a publish without a new accept is no traffic");

        long before = System.nanoTime();
        board.publish(a, 1, 1); // accepted one, holds it
        assertTrue(board.hasTraffic(System.nanoTime()));
        board.publish(a, 0, 1); // closed it: the accept is still recent
        assertTrue(board.hasTraffic(System.nanoTime()));
        assertFalse(board.hasTraffic(before + window + 1_000_000_000L), "the accept was stamped when it was published, not later");
        assertTrue(board.hasTraffic(before + window - 1), "...and not before");

        board.publish(b, 5, 9); // another worker holds connections: traffic whatever the time
        assertTrue(board.hasTraffic(before + 10 * window));
        board.accepting(b, false); // draining after TERM: its connections no longer count
        assertFalse(board.hasTraffic(before + 10 * window));
        board.accepting(b, true);
        board.release(b); // exited: its slot is cleared
        assertFalse(board.hasTraffic(before + 10 * window));
    }

    @Test
    void theMasterHandsOutTheLowestFreeSlotClearedAndClearsTheSlotOfAnExitedWorker() throws Exception {
        Path file = Files.createFile(dir.resolve("board"));
        ConnectionBoard board = ConnectionBoard.create(file);
        assertEquals(0, board.claim());
        assertEquals(1, board.claim());
        assertEquals(2, board.claim());
        board.accepting(1, true);
        board.publish(1, 12, 99);

        board.release(1); // its worker died accepting: it must not keep counting
        assertFalse(board.accepting(1));
        assertEquals(0, board.connections(1));
        assertEquals(0, board.accepted(1));
        assertEquals(3, board.slotsInUse(), "readers still scan as far as any slot ever went");
        assertEquals(1, board.claim(), "the freed slot is reused first");
        board.release(-1); // a worker that got no slot: nothing to clear
    }

    @Test
    void workersBeyondTheBoardGetNoSlot() throws Exception {
        ConnectionBoard board = ConnectionBoard.create(Files.createFile(dir.resolve("board")));
        for (int i = 0; i < ConnectionBoard.SLOTS; i++) assertEquals(i, board.claim());
        assertEquals(-1, board.claim(), "that worker accepts without balancing");
        board.release(17);
        assertEquals(17, board.claim());
    }

    @Test
    void anFdThatIsNotABoardIsRefused() throws Exception {
        int fd = Posix.get().createFile(dir.resolve("other")); // any other file: here an empty one
        try {
            IOException e = assertThrows(IOException.class, () -> ConnectionBoard.adopt(fd));
            assertTrue(e.getMessage().contains("not a jarbiter connection board"), e.getMessage());
        } finally {
            Posix.get().close(fd);
        }
    }
}
