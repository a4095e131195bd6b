package io.jarbiter.worker.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A booting worker whose siblings serve traffic meanwhile (a reload's new generation, TTIN, one of several
 * replaced, while the service has traffic; {@link io.jarbiter.process.BootPlan#warmUp}) serves a few hundred
 * requests to itself before it takes real connections: the first
 * requests through a fresh JVM load, link and initialise undertow's and XNIO's request path and run it
 * interpreted, for every connection that lands on a new worker at once. Served here instead, on a private
 * loopback socket through the same server classes, that cost is paid before the worker counts as booted,
 * while the other workers still serve, and the JIT has profiles for the hot path. The master plans no warm-up
 * for the only worker, nor while the others have no traffic: nobody would gain, and it would only delay the
 * first response or the reload.
 *
 * <p>The requests go to {@link #PATH}, which no route takes (the caller checks), so no application code
 * runs and nothing is logged or counted. Bounded by {@link #BUDGET}; a failure only ends the warm-up.
 *
 * <p>A warm-up that ran ends with {@link #collectBootSurvivors()}: one full collection, for the same reason.
 */
final class WarmUp {
    static final String PATH = "/.jarbiter/warm-up";
    /** Enough for the JIT's first tier on the whole request path. */
    static final int REQUESTS = 400;
    static final Duration BUDGET = Duration.ofSeconds(2);
    private static final byte[] REQUEST = ("GET " + PATH + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: jarbiter-warm-up\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private WarmUp() {}

    /** Sends up to {@code requests} keep-alive requests to {@code port} on loopback; returns how many were answered. */
    static int run(int port, int requests, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        int answered = 0;
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) budget.toMillis());
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) budget.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (answered < requests && System.nanoTime() < deadline) {
                out.write(REQUEST);
                if (!readResponse(in, buffer)) break;
                answered++;
            }
        } catch (IOException e) {
            // the warm-up is an optimisation: whatever it managed is kept, the boot goes on
        }
        return answered;
    }

    /**
     * One full collection ({@code System.gc()}), after a warm-up that ran and before the first accept; returns
     * how long it took. The boot leaves 2–4 MB of live objects in the young generation (the container, undertow,
     * the configuration); left there, the first young collections under load copy them between the survivor
     * spaces and then promote them into old-generation pages nothing has touched yet, and every connection of
     * the worker waits meanwhile: 13–49 ms for the first young collection after taking connections, on 2 cores
     * during a reload under load (GC log; 0.6–1.5 ms once warm). Collected here, while the other workers still
     * serve, the first young collections under load copy only the requests' garbage (2–16 ms for the first).
     * Keep-alive p99 during three reloads under load, interleaved runs on 2 cores: 34–46 ms against 46–74 ms
     * without it on JDK 17 (11 pairs), 30–44 against 38–63 ms on JDK 25 (6 pairs). It costs the boot a median
     * 37–47 ms there (on cores the load keeps busy); {@code -XX:+DisableExplicitGC} in {@code jvm_args} turns it off.
     */
    static long collectBootSurvivors() {
        long started = System.nanoTime();
        System.gc();
        return System.nanoTime() - started;
    }

    /** Reads one response (headers, then Content-Length bytes of body); false if the server closed. */
    private static boolean readResponse(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        int headerEnd;
        while ((headerEnd = indexOfBlankLine(buffer, filled)) < 0) {
            if (filled == buffer.length) throw new IOException("warm-up response headers too long");
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) return false;
            filled += n;
        }
        long remaining = contentLength(buffer, headerEnd) - (filled - headerEnd);
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) return false;
            remaining -= n;
        }
        return true;
    }

    /** Index just past "\r\n\r\n" in {@code b[0..len)}, or -1. */
    private static int indexOfBlankLine(byte[] b, int len) {
        for (int i = 3; i < len; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') return i + 1;
        }
        return -1;
    }

    private static long contentLength(byte[] b, int headerEnd) throws IOException {
        String headers = new String(b, 0, headerEnd, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        int at = headers.indexOf("\r\ncontent-length:");
        if (at < 0) throw new IOException("warm-up response without Content-Length");
        int end = headers.indexOf('\r', at + 2);
        return Long.parseLong(headers.substring(at + "\r\ncontent-length:".length(), end).trim());
    }
}
