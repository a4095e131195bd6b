package io.jarbiter.worker.internal;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * {@link Socket} and {@link ServerSocket} views of AF_UNIX channels, for XNIO. The JDK gives a unix channel no
 * socket adaptor ({@code socket()} throws {@link UnsupportedOperationException}), but XNIO's NIO classes reach
 * every socket through it: its server reads options through {@code ServerSocketChannel.socket()}, and a
 * connection shuts its halves down, and reads its addresses and options, through {@code SocketChannel.socket()}.
 * {@link #install} sets these views as the channel's adaptor (the JDK's own private field, set once and
 * before any other thread sees the channel; needs {@code --add-opens java.base/sun.nio.ch}).
 *
 * <p>What a unix socket has is passed on (shutdowns, buffer sizes, linger, close); TCP's own options
 * (no-delay, keep-alive, out-of-band data, traffic class) are accepted and ignored. The peer of a unix socket
 * is a process on this host: its address reads as the loopback address, port 0, so undertow's request
 * (source and destination address) and the access log have one.
 */
final class UnixSocketStandIns {
    private static final Field SOCKET = field("sun.nio.ch.SocketChannelImpl");
    private static final Field SERVER_SOCKET = field("sun.nio.ch.ServerSocketChannelImpl");

    private UnixSocketStandIns() {}

    static void install(ServerSocketChannel channel) throws IOException {
        set(SERVER_SOCKET, channel, new Server(channel));
    }

    static void install(SocketChannel channel) throws IOException {
        set(SOCKET, channel, new Connection(channel));
    }

    private static void set(Field field, Object channel, Object adaptor) throws IOException {
        try {
            field.set(channel, adaptor);
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new IOException("cannot give the unix socket " + channel + " a socket adaptor for XNIO: " + e, e);
        }
    }

    private static Field field(String channelClass) {
        try {
            Field f = Class.forName(channelClass).getDeclaredField("socket");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reach " + channelClass + ".socket (the worker JVM needs"
                    + " --add-opens java.base/sun.nio.ch=ALL-UNNAMED): " + e, e);
        }
    }

    /** An accepted unix connection, as XNIO's {@code NioSocketStreamConnection} and its conduit use it. */
    static final class Connection extends Socket {
        private final SocketChannel channel;

        Connection(SocketChannel channel) throws SocketException {
            super((java.net.SocketImpl) null);
            this.channel = channel;
        }

        @Override public SocketChannel getChannel() { return channel; }
        @Override public void shutdownInput() throws IOException { channel.shutdownInput(); }
        @Override public void shutdownOutput() throws IOException { channel.shutdownOutput(); }
        @Override public void close() throws IOException { channel.close(); }
        @Override public boolean isClosed() { return !channel.isOpen(); }
        @Override public boolean isConnected() { return channel.isConnected(); }
        @Override public boolean isBound() { return true; }
        @Override public InetAddress getInetAddress() { return InetAddress.getLoopbackAddress(); }
        @Override public int getPort() { return 0; }
        @Override public InetAddress getLocalAddress() { return InetAddress.getLoopbackAddress(); }
        @Override public int getLocalPort() { return 0; }
        @Override public SocketAddress getRemoteSocketAddress() { return remote(); }
        @Override public SocketAddress getLocalSocketAddress() { return local(); }
        @Override public int getSoLinger() throws SocketException { return get(StandardSocketOptions.SO_LINGER); }
        @Override public void setSoLinger(boolean on, int linger) throws SocketException { set(StandardSocketOptions.SO_LINGER, on ? linger : -1); }
        @Override public int getSendBufferSize() throws SocketException { return get(StandardSocketOptions.SO_SNDBUF); }
        @Override public void setSendBufferSize(int size) throws SocketException { set(StandardSocketOptions.SO_SNDBUF, size); }
        @Override public int getReceiveBufferSize() throws SocketException { return get(StandardSocketOptions.SO_RCVBUF); }
        @Override public void setReceiveBufferSize(int size) throws SocketException { set(StandardSocketOptions.SO_RCVBUF, size); }
        // TCP's own options: a unix socket has none of them
        @Override public boolean getTcpNoDelay() { return false; }
        @Override public void setTcpNoDelay(boolean on) { }
        @Override public boolean getKeepAlive() { return false; }
        @Override public void setKeepAlive(boolean on) { }
        @Override public boolean getOOBInline() { return false; }
        @Override public void setOOBInline(boolean on) { }
        @Override public int getTrafficClass() { return 0; }
        @Override public void setTrafficClass(int tc) { }
        @Override public String toString() { return "unix socket " + channel; }

        private SocketAddress remote() {
            return new java.net.InetSocketAddress(getInetAddress(), 0);
        }

        private SocketAddress local() {
            return new java.net.InetSocketAddress(getLocalAddress(), 0);
        }

        private int get(SocketOption<Integer> option) throws SocketException {
            try {
                return channel.getOption(option);
            } catch (IOException e) {
                throw socketException(e);
            }
        }

        private void set(SocketOption<Integer> option, int value) throws SocketException {
            try {
                channel.setOption(option, value);
            } catch (IOException e) {
                throw socketException(e);
            }
        }
    }

    /** A listening unix socket, as XNIO's {@code NioTcpServer} uses it (options and its address). */
    static final class Server extends ServerSocket {
        private final ServerSocketChannel channel;

        Server(ServerSocketChannel channel) throws IOException {
            super(); // an unbound, uncreated socket of its own: no fd is made for it
            this.channel = channel;
        }

        @Override public ServerSocketChannel getChannel() { return channel; }
        @Override public void close() throws IOException { channel.close(); }
        @Override public boolean isClosed() { return !channel.isOpen(); }
        @Override public boolean isBound() { return true; }
        @Override public InetAddress getInetAddress() { return null; }
        @Override public int getLocalPort() { return -1; }
        @Override public boolean getReuseAddress() { return false; }
        @Override public void setReuseAddress(boolean on) { }
        @Override public String toString() { return "unix server socket " + channel; }

        @Override
        public SocketAddress getLocalSocketAddress() {
            try {
                return channel.getLocalAddress();
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public int getReceiveBufferSize() throws SocketException {
            try {
                return channel.getOption(StandardSocketOptions.SO_RCVBUF);
            } catch (IOException e) {
                throw socketException(e);
            }
        }

        @Override
        public void setReceiveBufferSize(int size) throws SocketException {
            try {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, size);
            } catch (IOException e) {
                throw socketException(e);
            }
        }
    }

    private static SocketException socketException(IOException e) {
        return e instanceof SocketException s ? s : (SocketException) new SocketException(e.getMessage()).initCause(e);
    }
}
