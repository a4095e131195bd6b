package io.jarbiter.amqp;

import io.jarbiter.tls.PemFiles;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TLS endpoint in front of the local broker: TLS on an ephemeral port, plain TCP to the broker's
 * 5672, as a TLS-terminating load balancer would. Counts the TLS sessions it completed.
 */
final class TlsProxy implements AutoCloseable {
    private final SSLServerSocket server;
    private final String brokerHost;
    private final int brokerPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final AtomicInteger handshakes = new AtomicInteger();

    /** @param clientCa when not null, a client certificate signed by it is required */
    TlsProxy(Path cert, Path key, Path clientCa, String brokerHost, int brokerPort) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(PemFiles.keyManagers(cert, key), clientCa == null ? null : PemFiles.trustManagers(clientCa), null);
        server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(clientCa != null);
        this.brokerHost = brokerHost;
        this.brokerPort = brokerPort;
        Thread t = new Thread(this::acceptLoop, "tls-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                javax.net.ssl.SSLSocket client = (javax.net.ssl.SSLSocket) server.accept();
                sockets.add(client);
                Thread t = new Thread(() -> serve(client), "tls-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(javax.net.ssl.SSLSocket client) {
        try {
            client.startHandshake();
            handshakes.incrementAndGet();
            Socket broker = new Socket(brokerHost, brokerPort);
            sockets.add(broker);
            pump(broker.getInputStream(), client.getOutputStream(), client, broker);
            pump(client.getInputStream(), broker.getOutputStream(), client, broker);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private static void pump(InputStream in, OutputStream out, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side went; close both
            } finally {
                closeQuietly(a);
                closeQuietly(b);
            }
        }, "tls-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) closeQuietly(s);
    }

    /** In front of the test broker ({@link Broker#URI}). */
    static TlsProxy toBroker(Path cert, Path key, Path clientCa) throws Exception {
        java.net.URI u = java.net.URI.create(io.jarbiter.amqp.internal.AmqpSettings.javaUri(Broker.URI));
        return new TlsProxy(cert, key, clientCa, u.getHost(), u.getPort() < 0 ? 5672 : u.getPort());
    }
}
