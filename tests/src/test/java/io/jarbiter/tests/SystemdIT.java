package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * systemd without systemd: the master is started the way a socket unit starts it ({@link SocketActivator}:
 * LISTEN_FDS/LISTEN_PID, socket at fd 3) and notifies a datagram socket this test listens on
 * ({@link NotifySocket}), with a watchdog period set.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class SystemdIT {
    @TempDir
    Path dir;

    static List<String> states(NotifySocket notify) {
        return notify.messages().stream().filter(m -> !m.equals("WATCHDOG=1")).toList();
    }

    @Test
    void socketActivationAndTheNotifyProtocol() throws Exception {
        // bind names an address this machine does not have: serving at all proves the socket was adopted
        Path app = Jarbiter.exampleApp(dir, "");
        Files.writeString(app, Files.readString(app).replace("bind: 127.0.0.1:0", "bind: 192.0.2.1:80").replace("workers: 2", "workers: 1"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = Jarbiter.TEST_CLASSES + File.pathSeparator + Jarbiter.HOME.resolve("build/lib") + File.separator + "*";
        List<String> activator = List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", cp,
                "io.jarbiter.tests.SocketActivator", "127.0.0.1:0");
        try (NotifySocket notify = new NotifySocket(dir.resolve("notify.sock"));
             Jarbiter j = Jarbiter.startWith(activator, dir, Map.of("NOTIFY_SOCKET", notify.path().toString(), "WATCHDOG_USEC", "1000000"),
                     app.toString())) {
            int port = j.awaitReady();
            Matcher m = Pattern.compile("LISTEN_PORT=(\\d+)").matcher(j.stdout());
            assertTrue(m.find(), j.stdout());
            assertEquals(Integer.parseInt(m.group(1)), port, "the master serves on the socket it was given");
            assertTrue(j.log().contains("Using 1 listener(s) inherited from systemd (socket activation)"), j.tail());
            assertEquals(200, Http.get(port, "/hello").statusCode());

            await("READY=1").atMost(Duration.ofSeconds(10)).until(() -> !states(notify).isEmpty());
            List<String> first = states(notify);
            assertTrue(first.get(0).startsWith("READY=1\nSTATUS=Ready: serving with 1 worker(s), generation 1, on http://127.0.0.1:" + port),
                    "READY=1 comes first, once the workers have booted: " + first);
            await("watchdog pings").atMost(Duration.ofSeconds(10))
                    .until(() -> notify.messages().stream().filter("WATCHDOG=1"::equals).count() >= 3);

            // the socket-activation variables are the master's alone (a worker's LISTEN_FDS is its own
            // contract with the master: how many listeners it got, with no LISTEN_PID)
            for (long worker : j.workerPids()) {
                String environ = new String(Files.readAllBytes(Path.of("/proc/" + worker + "/environ")), StandardCharsets.UTF_8);
                for (String var : List.of("LISTEN_PID=", "LISTEN_FDNAMES=", "NOTIFY_SOCKET=", "WATCHDOG_USEC=")) {
                    assertFalse(("\0" + environ).contains("\0" + var), var + " leaked to worker " + worker);
                }
            }

            j.signal("HUP");
            await("RELOADING=1 then READY=1").atMost(Duration.ofSeconds(60)).until(() -> states(notify).size() >= 3);
            List<String> reload = states(notify);
            assertTrue(reload.get(1).startsWith("RELOADING=1\nMONOTONIC_USEC="), reload.toString());
            assertTrue(reload.get(2).startsWith("READY=1\nSTATUS=Reloaded: serving with 1 worker(s), generation 2"), reload.toString());
            assertTrue(j.log().contains("Reload complete"), "READY=1 only after the new generation booted");
            assertEquals(200, Http.get(port, "/hello").statusCode(), "the adopted socket is kept across a reload");

            j.signal("TERM");
            assertEquals(0, j.awaitExit(Duration.ofSeconds(40)), j.tail());
            List<String> last = states(notify);
            assertEquals("STOPPING=1\nSTATUS=Stopping", last.get(last.size() - 1), last.toString());
        }
    }
}
