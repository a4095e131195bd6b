package io.jarbiter.worker.internal;

import io.jarbiter.posix.Posix;
import io.jarbiter.posix.PosixException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptListenerSettable;
import org.xnio.channels.AcceptingChannel;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Serves an inherited AF_UNIX listening socket ({@code bind: unix:PATH}) like a TCP one: adopted as a JDK
 * unix {@link ServerSocketChannel}, registered with XNIO's accept thread through the same {@code NioTcpServer}
 * as TCP listeners (so {@link BalancedAcceptor} suspends, resumes, counts and closes it with the others), with
 * {@link UnixSocketStandIns} standing in for the socket adaptors the JDK does not give unix channels.
 *
 * <p>Only the accept differs. {@code NioTcpServer.accept} sets TCP options on each connection before anything
 * else could see it, so the acceptor is handed a view of the server whose {@code accept} is {@link #accept}: it
 * makes the accept as XNIO's does (the same connection slot of the server's handle, the same IO thread choice),
 * gives the connection its stand-in adaptor, and wraps it in XNIO's own {@code NioSocketStreamConnection}, which
 * XNIO and undertow then drive as any TCP connection.
 */
final class UnixListener {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.worker");
    private final AcceptingChannel<StreamConnection> server;
    private final ServerSocketChannel channel;
    private final Object handle;

    private UnixListener(AcceptingChannel<StreamConnection> server, ServerSocketChannel channel) throws ReflectiveOperationException {
        this.server = server;
        this.channel = channel;
        this.handle = ((Object[]) HANDLES.get(server))[0]; // accept thread only: one handle
    }

    /** Whether the inherited {@code fd} is a unix socket. */
    static boolean isUnix(int fd) {
        try {
            return Posix.get().localAddress(fd).unix();
        } catch (PosixException e) {
            return false; // not a socket: InheritedListeners says so
        }
    }

    /** XNIO's server on the unix socket {@code fd}, with {@code acceptor} making its accepts (see {@link InheritedListeners#serve}). */
    @SuppressWarnings("unchecked")
    static AcceptingChannel<StreamConnection> serve(XnioWorker worker, int fd, OptionMap options, BalancedAcceptor acceptor) throws IOException {
        ServerSocketChannel channel = adopt(fd);
        UnixSocketStandIns.install(channel);
        AcceptingChannel<StreamConnection> server = InheritedListeners.serve(worker, channel, options, acceptor);
        try {
            UnixListener unix = new UnixListener(server, channel);
            AcceptingChannel<StreamConnection> view = unix.acceptingView();
            ((AcceptListenerSettable<AcceptingChannel<StreamConnection>>) server).setAcceptListener(s -> acceptor.handleEvent(view));
        } catch (ReflectiveOperationException e) {
            IoUtils.safeClose(server);
            throw new IOException("cannot read XNIO's TCP server: " + e, e);
        }
        return server;
    }

    /** The server, but accepting with {@link #accept}; the acceptor calls nothing else on the channel it is handed. */
    @SuppressWarnings("unchecked")
    private AcceptingChannel<StreamConnection> acceptingView() {
        return (AcceptingChannel<StreamConnection>) Proxy.newProxyInstance(AcceptingChannel.class.getClassLoader(),
                new Class<?>[] {AcceptingChannel.class}, (proxy, method, args) -> {
                    if (method.getName().equals("accept") && method.getParameterCount() == 0) return accept();
                    try {
                        return method.invoke(server, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * One accept, on the accept thread, as {@code NioTcpServer.accept} makes it: null when the server's connection
     * limit says wait or nothing is pending; on a failed accept, XNIO's back-off (accepts pause briefly, e.g. while
     * the worker is out of file descriptors).
     */
    private StreamConnection accept() throws ClosedChannelException {
        try {
            if (!(boolean) GET_CONNECTION.invoke(handle)) return null;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot use XNIO's TCP server handle", e);
        }
        SocketChannel accepted = null;
        boolean ok = false;
        try {
            accepted = channel.accept();
            if (accepted == null) return null;
            accepted.configureBlocking(false);
            UnixSocketStandIns.install(accepted);
            XnioIoThread ioThread = server.getWorker().getIoThread(ThreadLocalRandom.current().nextInt());
            SelectionKey key = (SelectionKey) REGISTER.invoke(ioThread, accepted);
            StreamConnection connection = (StreamConnection) NEW_CONNECTION.invoke(ioThread, key, handle);
            connection.setOption(Options.READ_TIMEOUT, server.getOption(Options.READ_TIMEOUT));
            connection.setOption(Options.WRITE_TIMEOUT, server.getOption(Options.WRITE_TIMEOUT));
            ok = true;
            RESET_BACK_OFF.invoke(handle);
            return connection;
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            backOff(e);
            return null;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot hand an accepted unix connection to XNIO", e);
        } finally {
            if (!ok) {
                freeConnection();
                IoUtils.safeClose(accepted);
            }
        }
    }

    private void backOff(IOException e) {
        try {
            START_BACK_OFF.invoke(handle);
        } catch (Throwable t) {
            e.addSuppressed(t);
        }
        LOG.warn("Accepting on {} failed: {}; accepts pause briefly", channel, e.toString());
    }

    private void freeConnection() {
        try {
            FREE_CONNECTION.invoke(handle);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot use XNIO's TCP server handle", e);
        }
    }

    /** The inherited listening unix socket {@code fd} as a JDK channel (its own constructor, as for TCP). */
    private static ServerSocketChannel adopt(int fd) throws IOException {
        try {
            Method newFd = Class.forName("sun.nio.ch.IOUtil").getMethod("newFD", int.class);
            FileDescriptor descriptor = (FileDescriptor) newFd.invoke(null, fd);
            Constructor<?> ctor = Class.forName("sun.nio.ch.ServerSocketChannelImpl").getDeclaredConstructor(
                    SelectorProvider.class, ProtocolFamily.class, FileDescriptor.class, boolean.class);
            ctor.setAccessible(true);
            ServerSocketChannel channel = (ServerSocketChannel) ctor.newInstance(SelectorProvider.provider(), StandardProtocolFamily.UNIX, descriptor, true);
            channel.configureBlocking(false);
            return channel;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot adopt inherited unix socket fd " + fd
                    + " (the worker JVM needs --add-opens java.base/sun.nio.ch=ALL-UNNAMED): " + e, e);
        }
    }

    // XNIO's package-private members used here (xnio-nio 3.8; NioTcpServer.accept does the same with them)
    private static final Field HANDLES;
    private static final MethodHandle GET_CONNECTION, FREE_CONNECTION, RESET_BACK_OFF, START_BACK_OFF, REGISTER, NEW_CONNECTION;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HANDLES = Class.forName("org.xnio.nio.NioTcpServer").getDeclaredField("handles");
            HANDLES.setAccessible(true);
            Class<?> handle = Class.forName("org.xnio.nio.NioTcpServerHandle");
            GET_CONNECTION = lookup.unreflect(accessible(handle.getDeclaredMethod("getConnection")));
            FREE_CONNECTION = lookup.unreflect(accessible(handle.getDeclaredMethod("freeConnection")));
            RESET_BACK_OFF = lookup.unreflect(accessible(handle.getDeclaredMethod("resetBackOff")));
            START_BACK_OFF = lookup.unreflect(accessible(handle.getDeclaredMethod("startBackOff")));
            Class<?> thread = Class.forName("org.xnio.nio.WorkerThread");
            REGISTER = lookup.unreflect(accessible(thread.getDeclaredMethod("registerChannel", AbstractSelectableChannel.class)))
                    .asType(MethodType.methodType(SelectionKey.class, XnioIoThread.class, SocketChannel.class));
            Constructor<?> connection = Class.forName("org.xnio.nio.NioSocketStreamConnection")
                    .getDeclaredConstructor(thread, SelectionKey.class, Class.forName("org.xnio.nio.ChannelClosed"));
            connection.setAccessible(true);
            NEW_CONNECTION = lookup.unreflectConstructor(connection)
                    .asType(MethodType.methodType(StreamConnection.class, XnioIoThread.class, SelectionKey.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Method accessible(Method m) {
        m.setAccessible(true);
        return m;
    }
}
