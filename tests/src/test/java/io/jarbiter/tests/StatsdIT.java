package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** statsd_host: gunicorn's metric names arrive over UDP, with the prefix and the DogStatsD tags. */
@Timeout(120)
class StatsdIT {
    @TempDir
    Path dir;

    @Test
    void requestsStatusesDurationWorkersAndLoggedExceptionsReachTheCollector() throws Exception {
        try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            collector.setSoTimeout(1000);
            Path app = Jarbiter.testApp(dir, "statsd_host: 127.0.0.1:" + collector.getLocalPort() + "\nstatsd_prefix: shop.\n"
                    + "dogstatsd_tags: env:test\nhooks: [io.jarbiter.tests.app.RequestLoggingHooks]\n");
            try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
                int port = j.awaitReady();
                for (int i = 0; i < 3; i++) assertEquals(200, Http.get(port, "/hello").statusCode());
                assertEquals(404, Http.get(port, "/nowhere").statusCode());
                assertEquals(200, Http.get(port, "/hello?throw=1").statusCode()); // the hook's failure is logged with its stack trace
                List<Pattern> expected = new ArrayList<>(List.of(
                        Pattern.compile("shop\\.gunicorn\\.requests:1\\|c\\|@1\\.0\\|#env:test"),
                        Pattern.compile("shop\\.gunicorn\\.request\\.status\\.200:1\\|c\\|@1\\.0\\|#env:test"),
                        Pattern.compile("shop\\.gunicorn\\.request\\.status\\.404:1\\|c\\|@1\\.0\\|#env:test"),
                        Pattern.compile("shop\\.gunicorn\\.request\\.duration:\\d+\\.\\d{3}\\|ms\\|#env:test"),
                        Pattern.compile("shop\\.gunicorn\\.workers:1\\|g\\|#env:test"),
                        Pattern.compile("shop\\.gunicorn\\.log\\.exception:1\\|c\\|@1\\.0\\|#env:test")));
                List<String> received = new ArrayList<>();
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!expected.isEmpty() && System.nanoTime() < deadline) {
                    DatagramPacket packet = new DatagramPacket(new byte[1024], 1024);
                    try {
                        collector.receive(packet);
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    String line = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                    received.add(line);
                    expected.removeIf(p -> p.matcher(line).matches());
                }
                if (!expected.isEmpty()) fail("not received: " + expected + "\nreceived: " + received + "\n" + j.tail());
            }
        }
    }
}
