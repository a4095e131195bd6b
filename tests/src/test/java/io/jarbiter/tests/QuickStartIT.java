package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example app behind the real bin/jarbiter: what a user sees after `make run`. */
@Timeout(120)
class QuickStartIT {
    @TempDir
    Path dir;

    @Test
    void exampleAppServesEveryEndpointFromTwoWorkers() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            int port = j.awaitReady();
            assertEquals("Hello, World!", Http.get(port, "/hello").body());
            HttpResponse<String> boom = Http.get(port, "/boom");
            assertEquals(500, boom.statusCode());
            assertEquals(404, Http.get(port, "/no/such/path").statusCode());
            Set<String> pids = new HashSet<>();
            await("both workers answer /pid").atMost(Duration.ofSeconds(30))
                    .until(() -> pids.add(Http.body(Http.getFresh(port, "/pid"))) && pids.size() == 2 || pids.size() == 2);
            Set<String> workers = j.workerPids().stream().map(String::valueOf).collect(Collectors.toSet());
            assertEquals(workers, pids, "the pids served are the master's children");
            String log = j.log();
            assertTrue(log.contains("Starting jarbiter"), log);
            assertTrue(log.contains("Booting worker with pid: "), log);
            for (long worker : j.workerPids()) j.awaitLog("hello_service timer tick in worker " + worker); // the eager @Timer
            j.signal("TERM");
            assertEquals(0, j.awaitExit(Duration.ofSeconds(40)));
            assertTrue(j.log().contains("Shutting down: Master"), j.tail());
        }
    }

    @Test
    void workersInheritOnlyTheListenersTheirHeartbeatAndTheConnectionBoard() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "1", "-b", "127.0.0.1:0", "-b", "[::1]:0", app.toString())) {
            j.awaitReady();
            long worker = j.workerPids().get(0);
            Map<Integer, String> fds = ProcFs.fds(worker);
            assertTrue(fds.get(3).startsWith("socket:"), "fd 3 is the first listener: " + fds);
            assertTrue(fds.get(4).startsWith("socket:"), "fd 4 is the second listener: " + fds);
            assertTrue(fds.get(5).contains(".hb") && fds.get(5).endsWith("(deleted)"), "fd 5 is the unlinked heartbeat file: " + fds);
            assertTrue(fds.get(6).contains(".sb") && fds.get(6).endsWith("(deleted)"), "fd 6 is the unlinked scoreboard file: " + fds);
            assertTrue(fds.get(7).contains("-board-") && fds.get(7).endsWith("(deleted)"), "fd 7 is the unlinked connection board: " + fds);
            assertTrue(ProcFs.maps(worker).contains(fds.get(7).replace(" (deleted)", "")), "the worker maps the board");
            // identity-bearing fds (sockets, pipes, unlinked files) the worker shares with the master:
            // exactly the two listeners, the heartbeat, the scoreboard and the board; nothing else leaked
            // through the spawn (not the control socket, not the signal pipe)
            Set<String> masterFds = new HashSet<>(ProcFs.fds(j.pid()).values());
            List<String> shared = fds.entrySet().stream().filter(e -> e.getKey() > 2).map(Map.Entry::getValue)
                    .filter(t -> t.startsWith("socket:") || t.startsWith("pipe:") || t.startsWith("anon_inode:") || t.endsWith("(deleted)"))
                    .filter(masterFds::contains).collect(Collectors.toList());
            assertEquals(List.of(fds.get(3), fds.get(4), fds.get(5), fds.get(6), fds.get(7)), shared, "fds shared with the master: " + fds);
        }
    }

}
