package io.jarbiter.tests;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bind: unix:PATH}, the nginx → jarbiter set-up: the master makes the socket file (umask applied),
 * the workers serve it, reloads and upgrades keep it, and the master removes it at exit; a stale file is
 * replaced, a live socket or a path that is not a socket refused.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class UnixSocketIT {
    @TempDir
    Path dir;

    private Path app(Path socket, String extraYaml) throws Exception {
        Path app = Jarbiter.exampleApp(dir, extraYaml);
        Files.writeString(app, Files.readString(app).replace("bind: 127.0.0.1:0", "bind: [unix:" + socket + "]"));
        return app;
    }

    /** Waits for the first generation to serve; the master must still run. */
    private static void awaitReady(Jarbiter j) {
        await("ready in\n" + j.tail()).atMost(Duration.ofSeconds(60)).until(() -> j.log().contains("Ready:") || !j.process().isAlive());
        assertTrue(j.process().isAlive(), "master exited before ready:\n" + j.log());
    }

    /** {@code curl --unix-socket socket http://localhost/path}: the body, or the exit code and error. */
    static String curl(Path socket, String path) throws Exception {
        Process p = new ProcessBuilder("curl", "-sS", "--max-time", "20", "--unix-socket", socket.toString(), "http://localhost" + path)
                .redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "curl timed out";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.exitValue() == 0 ? out : "curl exit " + p.exitValue() + ": " + out;
    }

    /** One master bound to a unix socket and a TCP port, under umask 007; stopped by the last test. */
    @Nested
    class BesideTcp extends SharedMaster {
        Path socket;
        int port;

        @BeforeAll
        void start() throws Exception {
            home = ClassDir.create(getClass());
            socket = home.resolve("app.sock");
            Path app = Jarbiter.exampleApp(home, "workers: 1\numask: 007\n");
            Files.writeString(app, Files.readString(app).replace("bind: 127.0.0.1:0", "bind: [unix:" + socket + ", 127.0.0.1:0]"));
            j = Jarbiter.start(home, Map.of(), app.toString());
            port = j.awaitReady();
        }

        @Test
        @Order(1)
        void theMasterListensAtTheSocket() {
            assertTrue(j.log().contains("Listening at: unix:" + socket + " (" + j.pid() + ")"), j.tail());
        }

        @Test
        @Order(1)
        void curlIsServedOverTheSocket() throws Exception {
            assertEquals("Hello, World!", curl(socket, "/hello"));
            assertEquals("Hello, Ann!", curl(socket, "/hello/Ann"));
        }

        @Test
        @Order(1)
        void theTcpPortBesideItServesToo() throws Exception {
            assertEquals("Hello, World!", Http.get(port, "/hello").body());
        }

        @Test
        @Order(1)
        void theSocketFileIsMadeUnderTheUmask() throws Exception {
            assertEquals("rwxrwx---", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS)),
                    "srwxrwx---: the socket file is made under umask 007");
            assertTrue(Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther());
        }

        @Test
        @Order(2)
        void theMasterRemovesTheSocketFileAtExit() throws Exception {
            j.signal("TERM");
            assertEquals(0, j.awaitExit(Duration.ofSeconds(40)), j.tail());
            assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "the master removes its socket file at exit");
        }
    }

    @Test
    void threeReloadsUnderKeepAliveAndFreshConnectionLoadOverTheSocketDropNothing() throws Exception {
        Path socket = dir.resolve("app.sock");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app(socket, "workers: 1\n").toString())) {
            awaitReady(j);
            // two keep-alive clients on the one worker, one on fresh connections
            try (UnixLoad keepAlive = new UnixLoad(socket, "/hello", 2, true, 200_000, 150).start();
                 UnixLoad fresh = new UnixLoad(socket, "/hello", 1, false, 50_000, 150).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> keepAlive.ok() > 200 && fresh.ok() > 50);
                for (int reload = 1; reload <= 3; reload++) {
                    j.signal("HUP");
                    j.awaitLog("Reload complete", reload, Duration.ofSeconds(60));
                    long before = keepAlive.ok() + fresh.ok();
                    await().atMost(Duration.ofSeconds(20)).until(() -> keepAlive.ok() + fresh.ok() > before + 100);
                }
                keepAlive.stop();
                fresh.stop();
                assertEquals(List.of(), keepAlive.errors(), "keep-alive requests dropped during reloads");
                assertEquals(List.of(), fresh.errors(), "fresh-connection requests dropped during reloads");
            }
            assertEquals(1, Jarbiter.occurrences(j.log(), "Listening at: unix:" + socket), "one socket, kept across the reloads:\n" + j.tail());
            assertEquals("Hello, World!", curl(socket, "/hello"));
        }
    }

    @Test
    void aStaleSocketFileIsReplaced() throws Exception {
        Path socket = dir.resolve("app.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket)); // closing leaves the file: a master that was killed
        }
        assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app(socket, "workers: 1\n").toString())) {
            awaitReady(j);
            assertTrue(j.log().contains("Replacing the stale socket file " + socket), j.tail());
            assertEquals("Hello, World!", curl(socket, "/hello"));
        }
    }

    @Test
    void aSocketAnotherProcessAcceptsOnIsRefusedAndLeftAlone() throws Exception {
        Path socket = dir.resolve("app.sock");
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(socket));
            try (Jarbiter j = Jarbiter.start(dir, Map.of(), app(socket, "workers: 1\n").toString())) {
                assertEquals(1, j.awaitExit(Duration.ofSeconds(60)), j.tail());
                assertTrue(j.log().contains("Can't connect to unix:" + socket + ": address already in use (bind(" + socket
                        + "): another process accepts connections on " + socket), j.tail());
                assertFalse(j.log().contains("Booting worker"), j.tail());
            }
            assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "the other process's socket file stays");
            assertTrue(live.isOpen());
        }
    }

    @Test
    void aPathThatIsNotASocketIsRefusedAndKept() throws Exception {
        Path file = dir.resolve("app.sock");
        Files.writeString(file, "precious");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app(file, "workers: 1\n").toString())) {
            assertEquals(1, j.awaitExit(Duration.ofSeconds(60)), j.tail());
            assertTrue(j.log().contains("bind 'unix:" + file + "': " + file + " exists and is not a socket; remove it or choose another path"), j.tail());
        }
        assertEquals("precious", Files.readString(file));
    }

    /** systemd passes a unix socket (ListenStream=/run/app.sock): the master adopts it, and leaves its file to systemd. */
    @Test
    void aUnixSocketFromSocketActivationIsAdoptedAndItsFileLeftToSystemd() throws Exception {
        Path socket = dir.resolve("app.sock");
        Path app = app(dir.resolve("unused.sock"), "workers: 1\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = Jarbiter.TEST_CLASSES + File.pathSeparator + Jarbiter.HOME.resolve("build/lib") + File.separator + "*";
        List<String> activator = List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", cp,
                "io.jarbiter.tests.SocketActivator", "unix:" + socket);
        try (Jarbiter j = Jarbiter.startWith(activator, dir, Map.of(), app.toString())) {
            awaitReady(j);
            assertTrue(j.log().contains("Using 1 listener(s) inherited from systemd (socket activation)"), j.tail());
            assertTrue(j.log().contains("Listening at: unix:" + socket), j.tail());
            assertEquals("Hello, World!", curl(socket, "/hello"));
            assertFalse(Files.exists(dir.resolve("unused.sock")), "the adopted socket replaces bind");
            j.signal("TERM");
            assertEquals(0, j.awaitExit(Duration.ofSeconds(40)), j.tail());
            assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "systemd's socket file is systemd's to remove");
        }
    }

    /** USR2: the new master inherits the socket; the old one's exit leaves the file; the new one's removes it. */
    @Test
    void anUpgradeHandsTheSocketToTheNewMasterWhichRemovesItAtExit() throws Exception {
        Path socket = dir.resolve("app.sock"), pidfile = dir.resolve("app.pid");
        Path app = app(socket, "workers: 1\npidfile: " + pidfile + "\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            awaitReady(j);
            try (UnixLoad load = new UnixLoad(socket, "/hello", 2, true, 200_000, 150).start()) {
                j.signal("USR2");
                await("new master's pidfile").atMost(Duration.ofSeconds(30))
                        .until(() -> UpgradeIT.readPid(pidfile) > 0 && UpgradeIT.readPid(pidfile) != j.pid());
                long newMaster = UpgradeIT.readPid(pidfile);
                j.awaitLog("Using 1 listener(s) inherited from the previous master (USR2 upgrade)");
                j.awaitLog("Ready:", 2, Duration.ofSeconds(60));
                j.signal("TERM");
                assertEquals(0, j.awaitExit(Duration.ofSeconds(40)), j.tail());
                assertTrue(j.log().contains("Leaving the socket file " + socket + " to the other master serving on it"), j.tail());
                assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "the new master serves on it");
                long before = load.ok();
                await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() > before + 100);
                load.stop();
                assertEquals(List.of(), load.errors(), "requests dropped during the upgrade");
                assertEquals("Hello, World!", curl(socket, "/hello"));

                Jarbiter.signal(newMaster, "TERM");
                ProcessHandle handle = ProcessHandle.of(newMaster).orElse(null);
                if (handle != null) handle.onExit().get(40, TimeUnit.SECONDS);
                await("the new master removes the socket file at exit").atMost(Duration.ofSeconds(10))
                        .until(() -> !Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
            }
        }
    }
}
