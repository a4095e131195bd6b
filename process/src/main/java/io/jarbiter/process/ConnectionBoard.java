package io.jarbiter.process;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The connection board: one small file the master shares with all its workers (fd {@code 3+n+2},
 * {@link WorkerContract}), where each worker publishes how many connections it holds. A worker that
 * holds more than its share leaves new connections in the shared backlog for the others
 * (worker.internal.BalancedAcceptor): without it, a burst of new connections lands on whichever worker's
 * accept thread runs first, and keep-alive keeps it there.
 *
 * <p>Layout, in native-order longs, one 64-byte line per slot so that no two workers write the same
 * cache line: line 0 holds a magic number and the number of slots the master has ever handed out; line
 * {@code 1+s} holds slot {@code s}: accepting (1 while its worker accepts, 0 before and after),
 * connections (open, idle keep-alive ones included), accepted (all it ever accepted, so that a worker
 * that no longer takes connections, hung, killed or out of file descriptors, is noticed by the others)
 * and when it last accepted one ({@link System#nanoTime()}, which HotSpot reads from Linux's
 * {@code CLOCK_MONOTONIC}: one clock for the master and all its workers). A worker publishes before each
 * accept and at every heartbeat, so a count is at most a heartbeat old once connections close.
 *
 * <p>Threads: the master's main thread hands out and clears slots ({@link #claim()}, {@link #release});
 * a worker writes only its own slot's line; everyone reads every line. Every access is a volatile
 * access to one aligned long: a reader may see a slot's fields from two different moments, which
 * only makes one accept decision slightly off.
 */
public final class ConnectionBoard {
    /** Slots on one board: workers beyond that (more than 255 alive at once) accept without balancing. */
    public static final int SLOTS = 255;
    private static final int LINE = 64;
    public static final int SIZE = LINE * (SLOTS + 1);
    private static final long MAGIC = 0x6a62626f61726431L; // "jbboard1"
    private static final int ACCEPTING = 0, CONNECTIONS = 8, ACCEPTED = 16, LAST_ACCEPT = 24;
    /**
     * How recent an accept still means traffic for {@link #hasTraffic}: longer than a heartbeat (at most 1 s),
     * at which every worker republishes, so that a worker serving one request a second still reads as busy.
     */
    public static final long TRAFFIC_WINDOW_NANOS = 2_000_000_000L;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final MappedByteBuffer map;
    /** Master side only: which slots are handed out (main thread only). */
    private final boolean[] claimed = new boolean[SLOTS];

    private ConnectionBoard(MappedByteBuffer map) {
        this.map = map;
    }

    /** The master's board: maps {@code file} (new and empty) and writes its header. */
    public static ConnectionBoard create(Path file) throws IOException {
        ConnectionBoard board = new ConnectionBoard(map(file));
        LONGS.setVolatile(board.map, 0, MAGIC);
        return board;
    }

    /** A worker's view of the board its master passed as {@code fd}. */
    public static ConnectionBoard adopt(int fd) throws IOException {
        ConnectionBoard board = new ConnectionBoard(map(Path.of("/proc/self/fd/" + fd)));
        if ((long) LONGS.getVolatile(board.map, 0) != MAGIC) {
            throw new IOException("fd " + fd + " is not a jarbiter connection board");
        }
        return board;
    }

    private static MappedByteBuffer map(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE); // the mapping outlives the channel
        }
    }

    // --- master side (main thread only) ---

    /** Hands out the lowest free slot, cleared; -1 when all are taken (that worker then accepts without balancing). */
    public int claim() {
        for (int s = 0; s < SLOTS; s++) {
            if (!claimed[s]) {
                claimed[s] = true;
                clear(s);
                if (s >= slotsInUse()) LONGS.setVolatile(map, 8, (long) s + 1);
                return s;
            }
        }
        return -1;
    }

    /** Clears the slot of a worker that has exited (it may have died accepting), and frees it. */
    public void release(int slot) {
        if (slot < 0) return;
        clear(slot);
        claimed[slot] = false;
    }

    private void clear(int slot) {
        LONGS.setVolatile(map, at(slot, ACCEPTING), 0L);
        LONGS.setVolatile(map, at(slot, CONNECTIONS), 0L);
        LONGS.setVolatile(map, at(slot, ACCEPTED), 0L);
        LONGS.setVolatile(map, at(slot, LAST_ACCEPT), 0L);
    }

    // --- worker side: each writes its own slot ---

    /** Marks {@code slot} as accepting (or no longer accepting: peers then stop leaving connections to it). */
    public void accepting(int slot, boolean accepting) {
        LONGS.setVolatile(map, at(slot, ACCEPTING), accepting ? 1L : 0L);
    }

    /**
     * Publishes {@code slot}'s open and ever accepted connections, and stamps the time when {@code accepted}
     * moved since the last publish (single writer: its accept thread).
     */
    public void publish(int slot, long connections, long accepted) {
        if (accepted != (long) LONGS.getVolatile(map, at(slot, ACCEPTED))) {
            LONGS.setVolatile(map, at(slot, LAST_ACCEPT), System.nanoTime());
        }
        LONGS.setVolatile(map, at(slot, CONNECTIONS), connections);
        LONGS.setVolatile(map, at(slot, ACCEPTED), accepted);
    }

    // --- everyone ---

    /** One more than the highest slot ever handed out: readers scan only that far. */
    public int slotsInUse() {
        return (int) (long) LONGS.getVolatile(map, 8);
    }

    public boolean accepting(int slot) {
        return (long) LONGS.getVolatile(map, at(slot, ACCEPTING)) != 0;
    }

    public long connections(int slot) {
        return (long) LONGS.getVolatile(map, at(slot, CONNECTIONS));
    }

    public long accepted(int slot) {
        return (long) LONGS.getVolatile(map, at(slot, ACCEPTED));
    }

    /**
     * Whether the serving workers have traffic: an accepting worker holds a connection (idle keep-alive ones
     * included), or accepted one in the {@link #TRAFFIC_WINDOW_NANOS} before {@code nowNanos}
     * ({@link System#nanoTime()}). The master reads it before a spawn to decide {@link BootPlan#warmUp}; a booting
     * worker would not count itself anyway: it does not accept yet.
     */
    public boolean hasTraffic(long nowNanos) {
        for (int s = 0; s < slotsInUse() && s < SLOTS; s++) {
            if (!accepting(s)) continue;
            if (connections(s) > 0) return true;
            long last = (long) LONGS.getVolatile(map, at(s, LAST_ACCEPT));
            if (accepted(s) > 0 && nowNanos - last < TRAFFIC_WINDOW_NANOS) return true;
        }
        return false;
    }

    private static int at(int slot, int field) {
        return LINE * (slot + 1) + field;
    }
}
