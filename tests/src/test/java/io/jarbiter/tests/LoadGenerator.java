package io.jarbiter.tests;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous HTTP load for reload tests, in plain Java (no wrk needed): {@code threads} clients each
 * send {@code GET path} in a loop, over one keep-alive connection each (reconnecting when the server
 * says {@code Connection: close}) or over a new connection per request. Every request that does not
 * end in a 200 is an error, recorded with its reason. Bounded: it stops on {@link #stop()} or after
 * {@code maxSeconds}.
 */
public final class LoadGenerator implements AutoCloseable {
    private final int port;
    private final String path;
    private final boolean keepAlive;
    private final long deadline;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final java.util.concurrent.CopyOnWriteArrayList<BigInteger> serials = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile SSLSocketFactory tls;

    public LoadGenerator(int port, String path, int threads, boolean keepAlive, int maxSeconds) {
        this.port = port;
        this.path = path;
        this.keepAlive = keepAlive;
        this.deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::loop, "load-" + i);
            t.setDaemon(true);
            this.threads.add(t);
        }
    }

    public LoadGenerator start() {
        threads.forEach(Thread::start);
        return this;
    }

    public long ok() {
        return ok.get();
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    public void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) t.join(30_000);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /**
     * Makes the clients speak TLS with {@code context} (before {@link #start()}); each handshake records the serial
     * of the certificate the server presented ({@link #serverSerials()}).
     */
    public LoadGenerator tls(SSLContext context) {
        this.tls = context.getSocketFactory();
        return this;
    }

    /** Serial numbers of the server certificates seen in TLS handshakes, in the order first seen. */
    public List<BigInteger> serverSerials() {
        return List.copyOf(serials);
    }

    private Socket connect() throws IOException {
        if (tls == null) return new Socket("127.0.0.1", port);
        SSLSocket socket = (SSLSocket) tls.createSocket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        BigInteger serial = ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        serials.addIfAbsent(serial);
        return socket;
    }

    private boolean go() {
        return running.get() && System.nanoTime() < deadline;
    }

    private void loop() {
        while (go()) {
            try (Socket socket = connect()) {
                socket.setSoTimeout(30_000);
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                boolean open = true;
                while (open && go()) {
                    out.write(("GET " + path + " HTTP/1.1\r\nHost: t\r\n" + (keepAlive ? "" : "Connection: close\r\n") + "\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    open = readResponse(in) && keepAlive;
                }
            } catch (IOException e) {
                errors.add(e.toString());
            }
        }
    }

    /** Reads one response; true when the connection may be reused. */
    private boolean readResponse(BufferedReader in) throws IOException {
        String status = in.readLine();
        if (status == null) throw new IOException("connection closed before a response");
        boolean close = false;
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            String lower = line.toLowerCase();
            if (lower.startsWith("content-length:")) length = Integer.parseInt(lower.substring(15).trim());
            if (lower.startsWith("connection:") && lower.contains("close")) close = true;
        }
        for (int i = 0; i < length; i++) {
            if (in.read() < 0) throw new IOException("connection closed inside a response body");
        }
        if (status.startsWith("HTTP/1.1 200")) ok.incrementAndGet();
        else errors.add(status);
        return !close;
    }

    @SuppressWarnings("unused")
    private static void drain(InputStream in) throws IOException {
        in.readAllBytes();
    }
}
