package io.jarbiter.worker.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.conf.Settings;
import io.jarbiter.hooks.WorkerHooks;
import io.jarbiter.hooks.WorkerInfo;
import io.jarbiter.hooks.internal.HookSet;
import io.jarbiter.tls.ServerTls;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.protocol.http.AlpnOpenListener;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http2.Http2OpenListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.ssl.SslConnection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * TLS terminated in the worker. The master keeps owning plain listening sockets; each connection this worker
 * accepts on them is wrapped here, on its IO thread, in undertow's {@code SslConnection} (as
 * {@code Undertow.addHttpsListener}'s accepting channel would wrap it), its engine given the listeners'
 * {@link ServerTls#parameters parameters}, and handed to the open listener: undertow's HTTP/1.1 one, or with
 * {@code http2} an ALPN listener that picks {@code h2} or {@code http/1.1} per connection. The handshake itself
 * runs on the first read, in the IO thread, like the rest of the connection's IO.
 *
 * <p>The context is built once, at boot, from the files as they are then (or by the {@code sslContext} hook):
 * a reload's new workers read the files anew while the old ones keep serving with what they loaded.
 */
final class TlsListener {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.worker");
    private final UndertowXnioSsl ssl;
    private final SSLParameters parameters;
    private final boolean http2;

    private TlsListener(UndertowXnioSsl ssl, SSLParameters parameters, boolean http2) {
        this.ssl = ssl;
        this.parameters = parameters;
        this.http2 = http2;
    }

    /** The listeners' TLS, or null when {@code certfile} is unset (plain HTTP). */
    static TlsListener create(Config config, WorkerInfo worker, HookSet<WorkerHooks> hooks) throws IOException {
        if (!ServerTls.enabled(config)) return null;
        SSLContext context;
        try {
            context = contextFromHooks(config, worker, hooks).get();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        SSLParameters parameters = ServerTls.parameters(context, config);
        Xnio xnio = Xnio.getInstance(io.undertow.Undertow.class.getClassLoader());
        UndertowXnioSsl ssl = new UndertowXnioSsl(xnio, OptionMap.create(Options.USE_DIRECT_BUFFERS, true), context);
        LOG.debug("TLS on the listeners: protocols {}, client certificates {}{}", String.join(", ", parameters.getProtocols()),
                config.get(Settings.CERT_REQS), config.get(Settings.HTTP2) ? ", HTTP/2 offered" : "");
        return new TlsListener(ssl, parameters, config.get(Settings.HTTP2));
    }

    /**
     * The default factory (the PEM files), then each hook class's {@code sslContext} in turn, each given the one
     * before as its default.
     */
    private static Supplier<SSLContext> contextFromHooks(Config config, WorkerInfo worker, HookSet<WorkerHooks> hooks) {
        Supplier<SSLContext> factory = () -> {
            try {
                return ServerTls.context(config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        for (WorkerHooks hook : hooks.hooks()) {
            Supplier<SSLContext> previous = factory;
            factory = () -> fromHook(hook, worker, previous);
        }
        return factory;
    }

    private static SSLContext fromHook(WorkerHooks hook, WorkerInfo worker, Supplier<SSLContext> previous) {
        String name = hook.getClass().getName() + ".sslContext";
        SSLContext context;
        try {
            context = hook.sslContext(worker, previous);
        } catch (UncheckedIOException e) {
            throw e; // the default factory's own error, already naming the setting and file
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("hook " + name + " failed: " + e, e));
        }
        if (context == null) throw new UncheckedIOException(new IOException("hook " + name + " returned null; return defaultFactory.get() for the default"));
        return context;
    }

    /** What accepted connections go to: {@code open} (with {@code http2}, an ALPN choice of it and HTTP/2) behind TLS. */
    ChannelListener<StreamConnection> around(HttpOpenListener open) {
        ChannelListener<StreamConnection> next = http2 ? alpn(open) : open;
        return connection -> {
            SslConnection tls;
            try {
                tls = ssl.wrapExistingConnection(connection, OptionMap.EMPTY, false);
                UndertowXnioSsl.getSslEngine(tls).setSSLParameters(parameters);
            } catch (RuntimeException e) {
                LOG.debug("Closing a connection TLS could not be set up on: {}", e.toString());
                IoUtils.safeClose(connection);
                return;
            }
            ChannelListeners.invokeChannelListener(tls, next);
        };
    }

    /** As {@code Undertow.start()} wires HTTP/2 on an HTTPS listener: ALPN offers h2, and http/1.1 stays the fallback. */
    private static ChannelListener<StreamConnection> alpn(HttpOpenListener open) {
        AlpnOpenListener alpn = new AlpnOpenListener(open.getBufferPool(), open.getUndertowOptions(), open);
        Http2OpenListener h2 = new Http2OpenListener(open.getBufferPool(), open.getUndertowOptions());
        h2.setRootHandler(open.getRootHandler());
        alpn.addProtocol(Http2OpenListener.HTTP2, h2, 10);
        alpn.addProtocol(Http2OpenListener.HTTP2_14, h2, 7);
        return alpn;
    }
}
