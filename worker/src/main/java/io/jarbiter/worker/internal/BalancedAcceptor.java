package io.jarbiter.worker.internal;

import io.jarbiter.process.ConnectionBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.channels.AcceptingChannel;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Accepts this worker's connections on XNIO's accept thread, for all its listeners, and hands each to
 * the IO thread XNIO assigned it; with a {@link ConnectionBoard}, it also keeps the workers' shares even.
 *
 * <p><b>Why.</b> Every worker's accept thread waits on the same listening sockets, and the kernel wakes
 * all of them for each new connection; whichever runs first takes what is queued. A burst of new
 * keep-alive connections (a load balancer's pool, a benchmark) then often lands mostly on one worker,
 * and keep-alive keeps it there while the other worker idles.
 *
 * <p><b>Rule.</b> Before each accept the worker publishes its open connections on the board and compares
 * them with the fewest any other accepting worker holds. Holding more than that plus a slack
 * ({@code 1 + fewest/8}), it leaves the connection in the backlog for the others (the kernel woke them
 * too) and stops accepting for {@value #STEP_MILLIS} ms, then looks again. A worker that holds the fewest
 * never waits, so the busiest worker is the one that waits, and the shares end within the slack.
 *
 * <p><b>Never an outage.</b> Only workers marked accepting count: a worker marks itself once it serves and
 * unmarks itself when it stops accepting (graceful stop), and the master clears the slot of a worker that
 * has exited. A peer that is marked but takes no connection (hung, SIGSTOPped, killed and not reaped yet,
 * out of file descriptors) is found out: when a connection has waited {@value #MAX_WAIT_MILLIS} ms and
 * a peer has accepted nothing since the wait began, that peer is left out for {@value #IGNORE_MILLIS} ms
 * (or until it accepts again). So a connection waits at most {@value #MAX_WAIT_MILLIS} ms for a peer
 * that does not take it, once per {@value #IGNORE_MILLIS} ms; a worker alone, or without a board,
 * accepts exactly as XNIO's own server would.
 *
 * <p><b>Threads.</b> Everything but {@link #register}, {@link #startAccepting}, {@link #stopAccepting} and
 * {@link #openConnections} runs on the accept thread, the deferral's timer and the stop included, so suspend
 * and resume never race; the last two hand their work to that thread and wait for it.
 */
final class BalancedAcceptor implements ChannelListener<AcceptingChannel<StreamConnection>> {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.worker");
    /** Connections accepted per wake-up before other tasks of the accept thread run (as XNIO's own server). */
    static final int BATCH = 128;
    /** A deferral is taken in steps of this long: the rule is checked again after each. */
    static final long STEP_MILLIS = 1;
    /** How long a connection waits for a peer that accepts nothing before that peer is left out. */
    static final long MAX_WAIT_MILLIS = 5;
    /** How long a peer found not accepting is left out (unless it accepts again). */
    static final long IGNORE_MILLIS = 50;

    private final ChannelListener<? super StreamConnection> open;
    private final ConnectionBoard board; // null: no balancing
    private final int slot;
    private final long maxWaitNanos;
    private final List<Server> servers = new ArrayList<>();
    private XnioIoThread acceptThread;

    // accept-thread state
    private boolean stopped;
    /** A deferral is under way, and since when. */
    private boolean deferring;
    private long deferringSince;
    /** For the DEBUG line at stop: connections accepted, deferrals, peers found not accepting. */
    private long accepted, deferrals, peersIgnored;
    private long[] peerAcceptedAtDeferral = new long[0];
    /** Per slot: how many that peer had accepted when it was found not accepting (-1: counts). */
    private long[] ignoredAtCount = new long[0];
    /** Per slot: until when (nanoTime) it is left out unless it accepts again. */
    private long[] ignoredUntil = new long[0];

    private record Server(AcceptingChannel<StreamConnection> channel, Object[] handles) {}

    /** @param board the master's board, or null to accept without balancing (one worker, a private socket) */
    BalancedAcceptor(ChannelListener<? super StreamConnection> open, ConnectionBoard board, int slot) {
        this(open, board, slot, MAX_WAIT_MILLIS);
    }

    /** @param maxWaitMillis how long a connection waits for a peer that accepts nothing ({@link #MAX_WAIT_MILLIS} in a worker) */
    BalancedAcceptor(ChannelListener<? super StreamConnection> open, ConnectionBoard board, int slot, long maxWaitMillis) {
        this.open = open;
        this.board = slot >= 0 ? board : null;
        this.slot = slot;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    }

    /** Adds an XNIO TCP server (accept-thread only) whose accepts this acceptor makes; before {@link #startAccepting}. */
    void register(AcceptingChannel<StreamConnection> server) throws IOException {
        try {
            servers.add(new Server(server, (Object[]) HANDLES.get(server)));
            if (acceptThread == null) acceptThread = (XnioIoThread) ACCEPT_THREAD.invoke(WORKER.get(server));
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot read XNIO's TCP server: " + e, e);
        }
    }

    /** Starts accepting on every registered server, and tells the other workers so. */
    void startAccepting() {
        if (board != null) {
            board.accepting(slot, true); // the master cleared the rest of the slot when it handed it out
            submit(acceptThread, this::connections); // links the method handle before the first accept, not in it
        }
        for (Server s : servers) s.channel.resumeAccepts();
    }

    /**
     * Stops accepting for good, tells the other workers, and closes this worker's copy of every listening
     * socket; false when the accept thread did not get to it within 2 s (the copies then close at exit).
     * The close runs on the accept thread between two of its selects, so no accept is under way, and XNIO's
     * close cancels the key and has the selector release the fd at once. Connections accepted before are
     * already on their way to IO threads and stay open. The socket and its backlog live on while another
     * process holds it (the master, another worker); when the last copy closes, new connects are refused.
     */
    boolean stopAccepting() {
        if (acceptThread == null) return true;
        return onAcceptThread(() -> {
            stopped = true;
            if (board != null) board.accepting(slot, false);
            LOG.debug("Accepted {} connections; left new ones to the other workers {} times; found a worker not accepting {} times",
                    accepted, deferrals, peersIgnored);
            for (Server s : servers) {
                s.channel.suspendAccepts();
                close(s.channel);
            }
            return true;
        }, 2, false);
    }

    private static void close(AcceptingChannel<StreamConnection> server) {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("Closing {}: {}", server, e.toString()); // our copy of the fd: nothing else depends on it
        }
    }

    /**
     * Publishes this worker's open connections on the board again, from the accept thread (its only writer), without
     * waiting: it otherwise publishes only before an accept, so the count would stay where it was when connections
     * close and nothing new comes. Called at every heartbeat.
     */
    void republish() {
        if (board == null || acceptThread == null) return;
        submit(acceptThread, () -> {
            if (!stopped) board.publish(slot, connections(), accepted);
        });
    }

    /**
     * Connections this worker accepted and has not closed yet (idle keep-alive ones included, and any still
     * on its way to its IO thread), as XNIO counts them on the accept thread; -1 if that thread did not
     * answer within a second.
     */
    long openConnections() {
        return acceptThread == null ? 0 : onAcceptThread(this::connections, 1, -1L);
    }

    /** Runs {@code task} on the accept thread and waits for its result, at most {@code seconds}; else {@code fallback}. */
    private <T> T onAcceptThread(Supplier<T> task, long seconds, T fallback) {
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean queued = submit(acceptThread, () -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (!queued) return fallback;
        try {
            return result.get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        } catch (ExecutionException | TimeoutException e) {
            return fallback;
        }
    }

    @Override
    public void handleEvent(AcceptingChannel<StreamConnection> server) {
        if (stopped) return;
        if (deferring) afterDeferralStep();
        for (int i = 0; i < BATCH; i++) {
            if (board != null) {
                long mine = connections();
                board.publish(slot, mine, accepted);
                if (leaveToPeers(mine)) {
                    deferStep();
                    return;
                }
            }
            deferring = false; // accepting: whatever waited is this worker's now
            StreamConnection connection;
            try {
                connection = server.accept();
            } catch (IOException e) {
                return; // closed: this worker is stopping
            }
            if (connection == null) return;
            accepted++;
            StreamConnection c = connection;
            if (!submit(connection.getIoThread(), () -> ChannelListeners.invokeChannelListener(c, open))) IoUtils.safeClose(c);
        }
    }

    /**
     * Queues {@code task} on an XNIO thread; false when that thread no longer takes tasks. XNIO refuses them
     * ({@code XNIO007007: Thread is terminating}) once the worker shuts its threads down at exit, while the
     * heartbeat thread may still ask for a republish: the task is then moot, never an error.
     */
    private static boolean submit(XnioIoThread thread, Runnable task) {
        try {
            thread.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** True when another accepting worker holds fewer connections than {@code mine} by more than the slack. */
    private boolean leaveToPeers(long mine) {
        int n = board.slotsInUse();
        if (ignoredAtCount.length < n) grow(n);
        long now = System.nanoTime();
        long fewest = Long.MAX_VALUE;
        for (int s = 0; s < n; s++) {
            if (s == slot || !board.accepting(s) || board.accepted(s) == ignoredAtCount[s] && now - ignoredUntil[s] < 0) continue;
            fewest = Math.min(fewest, board.connections(s));
        }
        return fewest != Long.MAX_VALUE && mine > fewest + 1 + fewest / 8;
    }

    /** Stops accepting for one step; the first step of a deferral notes when it began and what each peer had accepted. */
    private void deferStep() {
        for (Server s : servers) s.channel.suspendAccepts();
        if (!deferring) {
            deferring = true;
            deferringSince = System.nanoTime();
            int n = board.slotsInUse();
            if (peerAcceptedAtDeferral.length < n) grow(n);
            for (int s = 0; s < n; s++) peerAcceptedAtDeferral[s] = board.accepted(s);
            deferrals++;
        }
        try {
            acceptThread.executeAfter(() -> {
                if (stopped) return;
                for (Server s : servers) s.channel.resumeAccepts();
            }, STEP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the worker is exiting: there is nothing left to resume
        }
    }

    /**
     * The handler runs again during a deferral. If a peer accepted since the deferral began, the peers are taking
     * what waits: the deferral ends, and a new one starts from here if the rule still says so. If none did, a
     * connection is still waiting for them: once it has waited {@link #MAX_WAIT_MILLIS} ms, every peer that has
     * accepted nothing since the deferral began is not accepting, and no longer counts for {@link #IGNORE_MILLIS}
     * ms, or until it accepts again. Only the peers' accept counts decide, never how late this thread runs: on a
     * loaded machine every wake-up may come well after its resume, and the wait must still end.
     */
    private void afterDeferralStep() {
        long now = System.nanoTime();
        int n = Math.min(board.slotsInUse(), peerAcceptedAtDeferral.length);
        for (int s = 0; s < n; s++) {
            if (s != slot && board.accepted(s) != peerAcceptedAtDeferral[s]) {
                deferring = false;
                return;
            }
        }
        if (now - deferringSince < maxWaitNanos) return;
        deferring = false;
        for (int s = 0; s < n; s++) {
            if (s != slot) {
                ignoredAtCount[s] = peerAcceptedAtDeferral[s];
                ignoredUntil[s] = now + TimeUnit.MILLISECONDS.toNanos(IGNORE_MILLIS);
                peersIgnored++;
            }
        }
    }

    private void grow(int n) {
        int size = Math.max(n, ignoredAtCount.length * 2);
        int old = ignoredAtCount.length;
        ignoredAtCount = Arrays.copyOf(ignoredAtCount, size);
        Arrays.fill(ignoredAtCount, old, size, -1);
        peerAcceptedAtDeferral = Arrays.copyOf(peerAcceptedAtDeferral, size);
        ignoredUntil = Arrays.copyOf(ignoredUntil, size);
    }

    /** Open connections this worker accepted, on all its listeners: XNIO's own count, kept on the accept thread. */
    private long connections() {
        long sum = 0;
        try {
            for (Server s : servers) {
                for (Object handle : s.handles) sum += (int) CONNECTION_COUNT.invoke(handle);
            }
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read XNIO's connection count", e);
        }
        return sum;
    }

    // XNIO's package-private members this class reads (xnio-nio 3.8; InheritedListeners already builds its servers the same way)
    private static final Field HANDLES;
    private static final Field WORKER;
    private static final Method ACCEPT_THREAD;
    private static final MethodHandle CONNECTION_COUNT;

    static {
        try {
            Class<?> server = Class.forName("org.xnio.nio.NioTcpServer");
            HANDLES = server.getDeclaredField("handles");
            HANDLES.setAccessible(true);
            WORKER = Class.forName("org.xnio.nio.AbstractNioChannel").getDeclaredField("worker");
            WORKER.setAccessible(true);
            ACCEPT_THREAD = Class.forName("org.xnio.nio.NioXnioWorker").getDeclaredMethod("getAcceptThread");
            ACCEPT_THREAD.setAccessible(true);
            Method count = Class.forName("org.xnio.nio.NioTcpServerHandle").getDeclaredMethod("getConnectionCount");
            count.setAccessible(true);
            CONNECTION_COUNT = MethodHandles.lookup().unreflect(count);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
