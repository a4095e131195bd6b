package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * New keep-alive connections go to the worker that holds fewer (the connection board), and a worker that
 * takes none never holds new ones back: real bin/jarbiter, real sockets, SIGSTOP/SIGCONT.
 */
@Timeout(120)
class ConnectionBalanceIT {
    private static final int FIRST = 30, THEN = 40;

    @TempDir
    Path dir;

    @Test
    void aStoppedWorkerHoldsNoConnectionBackAndOnceBackGetsTheNewOnesUntilItHoldsItsShare() throws Exception {
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "2", Jarbiter.exampleApp(dir, "").toString())) {
            int port = j.awaitReady();
            List<Long> workers = j.workerPids();
            String busy = Long.toString(workers.get(0));
            long stopped = workers.get(1);
            List<Socket> connections = new ArrayList<>();
            try {
                // the stopped worker holds no connection and stays marked accepting: the fewest, so the other
                // would leave every new connection to it if it did not notice that it accepts none
                Jarbiter.signal(stopped, "STOP");
                try {
                    for (int i = 0; i < FIRST; i++) {
                        connections.add(open(port));
                        assertEquals(busy, pidOver(connections.get(i)), "answered by the worker that is not stopped");
                    }
                } finally {
                    Jarbiter.signal(stopped, "CONT");
                }
                // now 30/0: new keep-alive connections go to the worker that holds fewer until the shares are
                // within 1 + fewest/8 (about 33/37 of 70). Without the board they split about evenly (20 of 40).
                Map<String, Integer> perWorker = new HashMap<>();
                for (int i = 0; i < THEN; i++) {
                    Socket c = open(port);
                    connections.add(c);
                    perWorker.merge(pidOver(c), 1, Integer::sum);
                }
                int caughtUp = perWorker.getOrDefault(Long.toString(stopped), 0);
                assertTrue(caughtUp >= 28, "of " + THEN + " new connections, per worker: " + perWorker);
            } finally {
                for (Socket c : connections) c.close();
            }
        }
    }

    private static Socket open(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(10_000); // each answer is bounded; a held-back connection fails the test here
        return s;
    }

    /** Asks {@code GET /pid} over the connection (kept alive) and returns the answering worker's pid; once per connection. */
    private static String pidOver(Socket c) throws IOException {
        OutputStream out = c.getOutputStream();
        out.write("GET /pid HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
        String status = in.readLine();
        assertTrue(status != null && status.startsWith("HTTP/1.1 200"), "status: " + status);
        int length = -1;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        }
        char[] body = new char[length];
        for (int read = 0, n; read < length; read += n) {
            n = in.read(body, read, length - read);
            if (n < 0) throw new IOException("connection closed after " + read + " of " + length + " bytes");
        }
        return new String(body).trim();
    }
}
