package io.jarbiter.worker.internal;

import io.jarbiter.posix.Posix;
import io.jarbiter.posix.PosixException;
import io.jarbiter.posix.SockAddr;
import io.jarbiter.process.ConnectionBoard;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptListenerSettable;
import org.xnio.channels.AcceptingChannel;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Serves HTTP with undertow-core on listening sockets inherited from the master (docs/ARCHITECTURE.md#listeners).
 *
 * <p>Each fd is adopted as a {@link ServerSocketChannel} through the JDK's own constructor (needs
 * {@code --add-opens java.base/sun.nio.ch}), then wrapped in XNIO's package-private TCP server class
 * ({@code NioTcpServer}, accepting on the worker's accept thread, as {@code NioXnioWorker.createTcpConnectionServer}
 * builds it), whose accepts a {@link BalancedAcceptor} makes in place of XNIO's {@code QueuedNioTcpServer2},
 * keeping this worker's share of new connections even with the other workers'. Accepted connections go to
 * undertow's {@link HttpOpenListener} as {@code Undertow.start()} wires it. The worker never binds.
 *
 * <p>{@link #stopAccepting()} stops this worker's accepts and closes only its copy of each fd: during a
 * reload the copies of the master and the other workers keep the socket and its backlog, so no connection
 * is refused; in a graceful stop the master has closed its copy first, so once every draining worker has
 * closed its own, new connects are refused at once.
 */
public final class InheritedListeners {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.worker");
    private final XnioWorker xnioWorker;
    private final BalancedAcceptor acceptor;
    private final List<AcceptingChannel<StreamConnection>> servers = new ArrayList<>();

    private InheritedListeners(XnioWorker xnioWorker, BalancedAcceptor acceptor) {
        this.xnioWorker = xnioWorker;
        this.acceptor = acceptor;
    }

    /**
     * Starts serving {@code root} on fds {@code firstFd .. firstFd+count-1}.
     *
     * @param warmUp          what serves the warm-up requests before the first accept (see {@link WarmUp}); null: none
     * @param keepAliveMillis how long an idle keep-alive connection stays open (gunicorn's keepalive)
     * @param board           the master's connection board and this worker's slot on it (null, -1: accept without balancing)
     * @param limits          undertow options bounding requests ({@link RequestLimits#undertowOptions()})
     * @param beforeHttp      what an accepted connection goes through before HTTP (TLS, or {@link ProxyProtocolGate}), given HTTP's open listener
     */
    public static InheritedListeners start(int firstFd, int count, HttpHandler root, HttpHandler warmUp, int ioThreads,
                                           long keepAliveMillis, ConnectionBoard board, int slot, OptionMap limits,
                                           Function<HttpOpenListener, ChannelListener<? super StreamConnection>> beforeHttp) throws IOException {
        Xnio xnio = Xnio.getInstance(io.undertow.Undertow.class.getClassLoader());
        XnioWorker worker = xnio.createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                .set(Options.WORKER_TASK_CORE_THREADS, 2)
                .set(Options.WORKER_TASK_MAX_THREADS, 8)
                .set(Options.TCP_NODELAY, true)
                .set(Options.CORK, true)
                .set(Options.WORKER_NAME, "http")
                .getMap());
        ByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024, -1, 4);
        HttpOpenListener open = new HttpOpenListener(buffers, OptionMap.builder()
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) keepAliveMillis)
                .set(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
                .addAll(limits)
                .getMap());
        open.setRootHandler(root);
        InheritedListeners listeners = new InheritedListeners(worker, new BalancedAcceptor(beforeHttp.apply(open), board, slot));
        OptionMap socketOptions = OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .getMap();
        if (warmUp != null) warmUp(worker, buffers, warmUp, socketOptions);
        for (int fd = firstFd; fd < firstFd + count; fd++) {
            if (UnixListener.isUnix(fd)) {
                listeners.servers.add(UnixListener.serve(worker, fd, socketOptions, listeners.acceptor));
                continue;
            }
            listeners.servers.add(serve(worker, adopt(fd), socketOptions, listeners.acceptor));
        }
        listeners.acceptor.startAccepting();
        return listeners;
    }

    /**
     * Serves {@link WarmUp}'s requests on a private loopback socket through the same XNIO server classes and
     * IO threads as the inherited sockets, with an open listener of its own (its connections are not
     * counted with the real ones). Runs before any inherited fd is adopted, so no real connection waits on it.
     */
    private static void warmUp(XnioWorker worker, ByteBufferPool buffers, HttpHandler handler, OptionMap socketOptions) {
        HttpOpenListener open = new HttpOpenListener(buffers, OptionMap.EMPTY);
        open.setRootHandler(handler);
        AcceptingChannel<StreamConnection> server = null;
        try {
            ServerSocketChannel channel = ServerSocketChannel.open();
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            channel.configureBlocking(false);
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            BalancedAcceptor acceptor = new BalancedAcceptor(open, null, -1);
            server = serve(worker, channel, socketOptions, acceptor);
            acceptor.startAccepting();
            long started = System.nanoTime();
            int answered = WarmUp.run(port, WarmUp.REQUESTS, WarmUp.BUDGET);
            long warmedUp = System.nanoTime() - started;
            // only after a warm-up that ran: a worker whose warm-up failed at once takes connections without more delay
            String collected = answered > 0 ? ", then a full collection in " + WarmUp.collectBootSurvivors() / 1_000_000 + " ms" : "";
            LOG.debug("Warm-up before the first accept: {} of {} requests answered in {} ms{}", answered, WarmUp.REQUESTS,
                    warmedUp / 1_000_000, collected);
        } catch (IOException e) {
            // an optimisation only: the worker serves without it
        } finally {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // a private loopback socket: nothing else uses it
                }
            }
        }
    }

    /** Publishes this worker's open connections on the connection board again (see {@link BalancedAcceptor#republish}). */
    public void republishConnections() {
        acceptor.republish();
    }

    /**
     * Connections this worker holds (idle keep-alive ones included): XNIO's count, which includes a connection
     * from the moment it is accepted, before any IO thread has seen it; -1 when it cannot be read right now.
     */
    public long openConnections() {
        return acceptor.openConnections();
    }

    /**
     * Stops accepting new connections and closes this worker's copy of each listening fd; already accepted
     * connections keep being served. The close goes through XNIO on its accept thread (see
     * {@link BalancedAcceptor#stopAccepting}): a raw close(2) under a selector could leave it polling a
     * reused fd number.
     */
    public void stopAccepting() {
        if (!acceptor.stopAccepting()) {
            LOG.warn("The accept thread did not stop accepting within 2 s; this worker's listening sockets close when it exits");
        }
    }

    /** Stops the IO threads, closing whatever connection is still open. */
    public void shutdown() {
        for (AcceptingChannel<StreamConnection> server : servers) {
            try {
                server.close();
            } catch (IOException ignored) {
                // our copy of the fd, normally closed already by stopAccepting()
            }
        }
        xnioWorker.shutdownNow();
    }

    static ServerSocketChannel adopt(int fd) throws IOException {
        SockAddr.Address local = checkSocket(fd);
        ProtocolFamily family = local.ipv6() ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        try {
            Method newFd = Class.forName("sun.nio.ch.IOUtil").getMethod("newFD", int.class);
            FileDescriptor descriptor = (FileDescriptor) newFd.invoke(null, fd);
            Constructor<?> ctor = Class.forName("sun.nio.ch.ServerSocketChannelImpl").getDeclaredConstructor(
                    SelectorProvider.class, ProtocolFamily.class, FileDescriptor.class, boolean.class);
            ctor.setAccessible(true);
            ServerSocketChannel channel = (ServerSocketChannel) ctor.newInstance(SelectorProvider.provider(), family, descriptor, true);
            channel.configureBlocking(false);
            return channel;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot adopt inherited listening socket fd " + fd
                    + " (the worker JVM needs --add-opens java.base/sun.nio.ch=ALL-UNNAMED): " + e, e);
        }
    }

    private static SockAddr.Address checkSocket(int fd) throws IOException {
        try {
            return Posix.get().localAddress(fd);
        } catch (PosixException e) {
            throw new IOException("fd " + fd + " is not an inherited listening socket: " + e.getMessage(), e);
        }
    }

    /**
     * XNIO's TCP server on {@code channel}, accepting on the worker's accept thread only (as
     * {@code createTcpConnectionServer} builds it under {@code QueuedNioTcpServer2}), with {@code acceptor}
     * making the accepts; accepting starts with {@link BalancedAcceptor#startAccepting}.
     */
    @SuppressWarnings("unchecked")
    static AcceptingChannel<StreamConnection> serve(XnioWorker worker, ServerSocketChannel channel,
            OptionMap options, BalancedAcceptor acceptor) throws IOException {
        try {
            Class<?> workerClass = Class.forName("org.xnio.nio.NioXnioWorker");
            Constructor<?> tcp = Class.forName("org.xnio.nio.NioTcpServer")
                    .getDeclaredConstructor(workerClass, ServerSocketChannel.class, OptionMap.class, boolean.class);
            tcp.setAccessible(true);
            Object server = tcp.newInstance(worker, channel, options, true);
            ((AcceptListenerSettable<AcceptingChannel<StreamConnection>>) server).setAcceptListener(acceptor);
            AcceptingChannel<StreamConnection> accepting = (AcceptingChannel<StreamConnection>) server;
            acceptor.register(accepting);
            return accepting;
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot wrap the inherited socket in XNIO's TCP server: " + e, e);
        }
    }
}
