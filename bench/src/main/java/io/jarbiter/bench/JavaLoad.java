package io.jarbiter.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator when wrk is not installed: one thread per connection, raw HTTP/1.1 GETs,
 * keep-alive or a fresh connection per request. Heavier than wrk, so its numbers are lower for
 * every server alike; the ratios stay comparable within one run.
 */
final class JavaLoad implements Load {
    @Override
    public String describe() {
        return "Java load generator (wrk not installed)";
    }

    @Override
    public Result run(String url, int connections, Duration duration, boolean keepAlive) throws InterruptedException {
        URI uri = URI.create(url);
        byte[] request = ("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
                + (keepAlive ? "" : "Connection: close\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII);
        long end = System.nanoTime() + duration.toNanos();
        AtomicLong errors = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            long[] latencies = new long[1 << 17];
            perThread.add(latencies);
            Thread t = new Thread(() -> client(uri, request, keepAlive, end, latencies, errors));
            threads.add(t);
            t.start();
        }
        long total = 0;
        for (Thread t : threads) t.join(duration.toMillis() + 30_000);
        List<Long> all = new ArrayList<>();
        for (long[] l : perThread) {
            for (int i = 1; i <= l[0]; i++) all.add(l[i]);
            total += l[0];
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Result(total / (double) duration.toSeconds(), pct(sorted, 0.50), pct(sorted, 0.99), total, errors.get());
    }

    /** latencies[0] counts the samples that follow it, in nanos. */
    private static void client(URI uri, byte[] request, boolean keepAlive, long end, long[] latencies, AtomicLong errors) {
        Socket socket = null;
        while (System.nanoTime() < end && latencies[0] < latencies.length - 1) {
            long start = System.nanoTime();
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
                    socket.setSoTimeout(5000);
                }
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                boolean reusable = readResponse(socket.getInputStream());
                latencies[(int) ++latencies[0]] = System.nanoTime() - start;
                if (!keepAlive || !reusable) {
                    socket.close();
                    socket = null;
                }
            } catch (IOException e) {
                errors.incrementAndGet();
                closeQuietly(socket);
                socket = null;
            }
        }
        closeQuietly(socket);
    }

    /** Reads one response (Content-Length bodies); true when the connection may be reused; non-2xx throws. */
    private static boolean readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while (!head.toString().endsWith("\r\n\r\n")) {
            if ((c = in.read()) < 0) throw new IOException("connection closed mid-response");
            head.append((char) c);
        }
        String h = head.toString().toLowerCase();
        if (!h.startsWith("http/1.1 2")) throw new IOException("status " + h.substring(9, 12));
        int at = h.indexOf("content-length:");
        int length = at < 0 ? 0 : Integer.parseInt(h.substring(at + 15, h.indexOf('\r', at)).trim());
        if (in.readNBytes(length).length != length) throw new IOException("short body");
        return !h.contains("connection: close");
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
    }

    private static void closeQuietly(Socket s) {
        try {
            if (s != null) s.close();
        } catch (IOException ignored) {
            // already broken
        }
    }
}
