package io.jarbiter.worker.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.conf.IpAllowList;
import io.jarbiter.conf.Settings;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.ConnectorStatistics;
import io.undertow.server.DelegateOpenListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.proxy.ProxyProtocolOpenListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * {@code proxy_protocol}: what an accepted connection goes through before HTTP. A peer not in {@code proxy_allow_ips}
 * is closed at once, before anything is read. Otherwise undertow's {@link ProxyProtocolOpenListener} reads the PROXY
 * header (v1 text or v2 binary, told apart by the first byte) and closes a connection that does not start with one;
 * the connection then reaches HTTP as a {@link ProxiedConnection} whose peer is the client the header names.
 *
 * <p>Runs on the IO thread the acceptor hands the connection to; holds no state of its own between connections.
 */
final class ProxyProtocolGate implements ChannelListener<StreamConnection> {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.worker");
    private final HttpOpenListener http;
    private final IpAllowList allowed;

    ProxyProtocolGate(HttpOpenListener http, IpAllowList allowed) {
        this.http = http;
        this.allowed = allowed;
    }

    /** {@code http} itself when {@code proxy_protocol} is off; else {@code http} behind the gate. */
    static ChannelListener<? super StreamConnection> wrap(HttpOpenListener http, Config config) {
        if (!config.get(Settings.PROXY_PROTOCOL)) return http;
        return new ProxyProtocolGate(http, IpAllowList.of(config.get(Settings.PROXY_ALLOW_IPS)));
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        SocketAddress peer = connection.getPeerAddress();
        if (!allowed.allows(peer)) {
            LOG.warn("Connection from {} closed: proxy_protocol is on and {} is not in proxy_allow_ips ({}); add the proxy's"
                    + " address or network to proxy_allow_ips", host(peer), host(peer), allowed);
            IoUtils.safeClose(connection);
            return;
        }
        new ProxyProtocolOpenListener(new AfterHeader(connection, peer), null, http.getBufferPool(), OptionMap.EMPTY)
                .handleEvent(connection);
    }

    private static String host(SocketAddress peer) {
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : String.valueOf(peer);
    }

    /** Hands one connection, its PROXY header read, to HTTP, with any bytes read past the header. */
    private final class AfterHeader implements DelegateOpenListener {
        private final StreamConnection accepted;
        private final SocketAddress proxy;

        AfterHeader(StreamConnection accepted, SocketAddress proxy) {
            this.accepted = accepted;
            this.proxy = proxy;
        }

        @Override
        public void handleEvent(StreamConnection connection, PooledByteBuffer buffer) {
            http.handleEvent(new ProxiedConnection(connection, proxy, connection != accepted), buffer);
        }

        @Override
        public void handleEvent(StreamConnection connection) {
            handleEvent(connection, null);
        }

        @Override
        public HttpHandler getRootHandler() {
            return http.getRootHandler();
        }

        @Override
        public void setRootHandler(HttpHandler rootHandler) {
            http.setRootHandler(rootHandler);
        }

        @Override
        public OptionMap getUndertowOptions() {
            return http.getUndertowOptions();
        }

        @Override
        public void setUndertowOptions(OptionMap undertowOptions) {
            http.setUndertowOptions(undertowOptions);
        }

        @Override
        public ByteBufferPool getBufferPool() {
            return http.getBufferPool();
        }

        @Override
        public ConnectorStatistics getConnectorStatistics() {
            return http.getConnectorStatistics();
        }
    }
}
