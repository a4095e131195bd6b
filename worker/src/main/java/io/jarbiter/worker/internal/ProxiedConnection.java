package io.jarbiter.worker.internal;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.ServerConnection;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

import java.net.SocketAddress;

/**
 * A connection accepted with {@code proxy_protocol} on, as HTTP sees it: its peer address is the client's from
 * the PROXY header (undertow's wrapping, {@code inner}), and it keeps the address of the proxy that actually
 * connected ({@link #directPeer}) for {@link ProxyHeaders}, which trusts forwarding headers by the proxy's address,
 * not the client's. Reads and writes go straight to {@code inner}'s conduits, as undertow's own wrapping does.
 */
final class ProxiedConnection extends StreamConnection {
    private final StreamConnection inner;
    private final SocketAddress directPeer;
    private final boolean fromHeader;

    /** @param fromHeader whether the PROXY header gave a client address (not for its LOCAL command or UNKNOWN protocol) */
    ProxiedConnection(StreamConnection inner, SocketAddress directPeer, boolean fromHeader) {
        super(inner.getIoThread());
        this.inner = inner;
        this.directPeer = directPeer;
        this.fromHeader = fromHeader;
        setSinkConduit(inner.getSinkChannel().getConduit());
        setSourceConduit(inner.getSourceChannel().getConduit());
    }

    /** The address that connected to this worker: the proxy's when a PROXY header was read, else the peer's. */
    static SocketAddress directPeer(ServerConnection connection) {
        return connection instanceof AbstractServerConnection c && c.getChannel() instanceof ProxiedConnection p ? p.directPeer : connection.getPeerAddress();
    }

    /** Whether the client address of this connection came from a PROXY header (then it is final). */
    static boolean addressFromProxyHeader(ServerConnection connection) {
        return connection instanceof AbstractServerConnection c && c.getChannel() instanceof ProxiedConnection p && p.fromHeader;
    }

    @Override
    protected void notifyWriteClosed() {
        IoUtils.safeClose(inner.getSinkChannel());
    }

    @Override
    protected void notifyReadClosed() {
        IoUtils.safeClose(inner.getSourceChannel());
    }

    @Override
    public SocketAddress getPeerAddress() {
        return inner.getPeerAddress();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return inner.getLocalAddress();
    }
}
