package io.jarbiter.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One raw HTTP/1.1 connection for process tests that need what no HTTP client sends: an oversized request line, a
 * lying Content-Length, a body that stalls half-way. Every read is bounded by the socket's timeout.
 */
final class RawHttp implements AutoCloseable {
    private final Socket socket;

    RawHttp(int port, Duration readTimeout) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) readTimeout.toMillis());
    }

    /** Writes {@code text} (ISO-8859-1); false when the server has already closed the connection. */
    boolean write(String text) {
        return write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    boolean write(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return true;
        } catch (SocketException e) { // reset or broken pipe: the server answered and closed
            return false;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code total} bytes of body in pieces; how many the server took before it closed the connection. */
    long writeBody(long total) {
        byte[] piece = new byte[64 * 1024];
        java.util.Arrays.fill(piece, (byte) ' ');
        long sent = 0;
        while (sent < total) {
            int n = (int) Math.min(piece.length, total - sent);
            if (!write(n == piece.length ? piece : java.util.Arrays.copyOf(piece, n))) break;
            sent += n;
        }
        return sent;
    }

    /** The response's status code (the head is read up to its blank line); fails on a close or a timeout first. */
    int status() throws IOException {
        String head = head();
        if (!head.startsWith("HTTP/1.1 ")) throw new AssertionError("no HTTP response, got: '" + head + "'");
        return Integer.parseInt(head.substring(9, 12));
    }

    /** Everything until the server closes the connection (fails with SocketTimeoutException if it does not). */
    String untilClosed() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
        } catch (SocketException e) {
            // a reset is a close too
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether the server closes the connection within the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            untilClosed();
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private String head() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) break;
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
