package io.jarbiter.tests;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link LoadGenerator} over a unix socket, with JDK {@link UnixDomainSocketAddress} channels: {@code threads}
 * clients each send {@code GET path} in a loop over one keep-alive connection (reconnecting when the server
 * closes it) or over a new connection per request. Every request that does not end in a 200 is an error,
 * with its reason. Bounded: at most {@code maxRequests} per client, {@code maxSeconds} in all, 30 s per response.
 */
final class UnixLoad implements AutoCloseable {
    private static final long RESPONSE_MILLIS = 30_000;
    private final UnixDomainSocketAddress address;
    private final String path;
    private final boolean keepAlive;
    private final int maxRequests;
    private final long deadline;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    UnixLoad(Path socket, String path, int threads, boolean keepAlive, int maxRequests, int maxSeconds) {
        this.address = UnixDomainSocketAddress.of(socket);
        this.path = path;
        this.keepAlive = keepAlive;
        this.maxRequests = maxRequests;
        this.deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::loop, "unix-load-" + i);
            t.setDaemon(true);
            this.threads.add(t);
        }
    }

    UnixLoad start() {
        threads.forEach(Thread::start);
        return this;
    }

    long ok() {
        return ok.get();
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) t.join(40_000);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void loop() {
        int sent = 0;
        while (running.get() && System.nanoTime() < deadline && sent < maxRequests) {
            try (SocketChannel channel = SocketChannel.open(address); Selector selector = Selector.open()) {
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
                boolean open = true;
                while (open && running.get() && System.nanoTime() < deadline && sent < maxRequests) {
                    write(channel, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + (keepAlive ? "" : "Connection: close\r\n") + "\r\n");
                    sent++;
                    open = readResponse(channel, selector) && keepAlive;
                }
            } catch (IOException e) {
                errors.add(e.toString());
            }
        }
    }

    private static void write(SocketChannel channel, String request) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
        while (out.hasRemaining()) channel.write(out); // a few bytes into an empty socket buffer: never spins long
    }

    /** Reads one response (headers and Content-Length body); true when the connection may be reused. */
    private boolean readResponse(SocketChannel channel, Selector selector) throws IOException {
        StringBuilder head = new StringBuilder();
        ByteBuffer in = ByteBuffer.allocate(8192);
        long until = System.nanoTime() + RESPONSE_MILLIS * 1_000_000L;
        int bodyStart = -1, length = 0;
        while (bodyStart < 0 || head.length() - bodyStart < length) {
            long left = (until - System.nanoTime()) / 1_000_000L;
            if (left <= 0) throw new IOException("no complete response within " + RESPONSE_MILLIS + " ms: " + head);
            selector.select(left);
            selector.selectedKeys().clear();
            in.clear();
            int n = channel.read(in);
            if (n < 0) throw new IOException("connection closed before a complete response: '" + head + "'");
            head.append(new String(in.array(), 0, n, StandardCharsets.ISO_8859_1));
            if (bodyStart < 0 && head.indexOf("\r\n\r\n") >= 0) {
                bodyStart = head.indexOf("\r\n\r\n") + 4;
                length = contentLength(head.substring(0, bodyStart));
            }
        }
        String headers = head.substring(0, bodyStart).toLowerCase();
        if (head.toString().startsWith("HTTP/1.1 200")) ok.incrementAndGet();
        else errors.add(head.toString().lines().findFirst().orElse(""));
        return !headers.contains("\r\nconnection: close");
    }

    private static int contentLength(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) return Integer.parseInt(line.substring(15).trim());
        }
        return 0;
    }
}
