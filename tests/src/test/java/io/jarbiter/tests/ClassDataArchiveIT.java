package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code --build-archive} builds the workers' class-data archive (AppCDS on 17, AOT cache on 25+); workers
 * map it when it matches their JDK, options and class path, and start without it (one INFO line) when
 * a jar changed since.
 */
@Timeout(240)
class ClassDataArchiveIT {
    @TempDir
    Path dir;

    @Test
    void workersMapTheBuiltArchiveAndNeverAStaleOne() throws Exception {
        Path jar = Files.copy(Jarbiter.EXAMPLES_JAR, dir.resolve("app.jar"));
        Path archives = dir.resolve("archives");
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, "bind: 127.0.0.1:0\nworkers: 2\nclasspath: [app.jar]\nservices: [io.jarbiter.examples.HelloService]\n"
                + "worker_tmp_dir: " + dir + "\njvm_archive_dir: archives\ncontrol_socket: jarbiter.ctl\ncode_snapshot_dir: code\n");

        assertEquals(0, build(app), "--build-archive failed");
        List<Path> built = list(archives);
        assertEquals(1, built.size(), "one archive, no temporary files: " + built);
        Path archive = built.get(0);

        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            int port = j.awaitReady();
            assertTrue(j.log().contains("Workers use the") && j.log().contains(archive.toString()), j.tail());
            for (long worker : j.workerPids()) {
                assertTrue(ProcFs.maps(worker).contains(archive.toString()), "worker " + worker + " did not map " + archive);
            }
            if (Runtime.version().feature() >= 25) {
                // the first workers boot with nobody serving, so without replaying the training's profiles
                // (WorkerJvmOptions.WITHOUT_WARM_UP); so does a worker that boots while the others have had no traffic
                for (long worker : j.workerPids()) assertTrue(ProcFs.cmdline(worker).contains("-XX:-AOTReplayTraining"), ProcFs.cmdline(worker));
                String idle = ProcFs.cmdline(ttin(j));
                assertTrue(idle.contains(archive.toString()) && idle.contains("-XX:-AOTReplayTraining"), idle);
                // one that boots while a client holds a connection replays them: its first requests come under load
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    client.setSoTimeout(10_000);
                    client.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    String status = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                    assertEquals("HTTP/1.1 200 OK", status, "a worker accepted the connection and keeps it open");
                    String busy = ProcFs.cmdline(ttin(j));
                    assertTrue(busy.contains(archive.toString()) && !busy.contains("AOTReplayTraining"), busy);
                }
            }
            assertEquals("Hello, World!", Http.get(port, "/hello").body());
        }

        // The jar changes (a deploy): the archive no longer matches, so workers start without one.
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            Files.writeString(zip.getPath("deployed.txt"), "a new build");
        }
        try (Jarbiter j = Jarbiter.start(Files.createDirectory(dir.resolve("second-run")), Map.of(), app.toString())) {
            int port = j.awaitReady();
            assertTrue(j.log().contains("Workers start without a class-data archive"), j.tail());
            assertEquals(1, count(j.log(), "class-data archive"), "exactly one INFO line:\n" + j.log());
            for (long worker : j.workerPids()) assertFalse(ProcFs.maps(worker).contains(archive.toString()));
            assertEquals("Hello, World!", Http.get(port, "/hello").body());
        }

        assertEquals(0, build(app), "rebuilding for the new jar failed");
        assertEquals(2, list(archives).size(), "a second archive for the changed class path");
    }

    /** TTIN, and the pid of the worker it added. */
    private static long ttin(Jarbiter j) throws Exception {
        List<Long> before = j.workerPids();
        j.signal("TTIN");
        return await().atMost(30, TimeUnit.SECONDS).until(() -> j.workerPids().stream().filter(p -> !before.contains(p)).findFirst(),
                java.util.Optional::isPresent).get();
    }

    /**
     * On JDK 25 an AOT cache that holds heap objects is fatal to a JVM whose initial old generation cannot take
     * them (here -Xmn fills the 16 MB initial heap): the master's JVM check sees that before the first spawn,
     * and workers start without the archive, with one INFO line, instead of exiting 1 forever. (AppCDS on
     * JDK 17 falls back inside the JVM, so there is nothing to see there.)
     */
    @Test
    void anArchiveTheWorkerJvmCannotUseIsLeftOutWithOneInfoLine() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "only the AOT cache can be refused fatally");
        Files.copy(Jarbiter.EXAMPLES_JAR, dir.resolve("app.jar"));
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, "bind: 127.0.0.1:0\nworkers: 1\nclasspath: [app.jar]\nservices: [io.jarbiter.examples.HelloService]\n"
                + "worker_tmp_dir: " + dir + "\njvm_archive_dir: archives\ncontrol_socket: jarbiter.ctl\njvm_args: [-Xmn24m]\n");
        assertEquals(0, build(app), "--build-archive failed");
        Path archive = list(dir.resolve("archives")).get(0);
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            int port = j.awaitReady();
            assertTrue(j.log().contains("Workers start without the AOT cache " + archive + ": the worker JVM cannot use it"), j.tail());
            assertEquals(1, count(j.log(), "Workers start without"), "exactly one INFO line:\n" + j.log());
            assertEquals(0, count(j.log(), "exited with"), "no worker died:\n" + j.log());
            for (long worker : j.workerPids()) assertFalse(ProcFs.maps(worker).contains(archive.toString()));
            assertEquals("Hello, World!", Http.get(port, "/hello").body());
        }
    }

    @Test
    void buildArchiveFailsClearlyWhenTheClassPathHasADirectory() throws Exception {
        Path app = Jarbiter.testApp(dir, "jvm_archive_dir: " + dir.resolve("archives") + "\n");
        Process p = new ProcessBuilder(Jarbiter.BIN.toString(), "--build-archive", app.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("the class path has a directory (" + Jarbiter.TEST_CLASSES), out);
    }

    private int build(Path app) throws Exception {
        Process p = new ProcessBuilder(Jarbiter.BIN.toString(), "--build-archive", app.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("build.log").toFile()).start();
        await().atMost(Duration.ofMinutes(3)).until(() -> !p.isAlive());
        return p.exitValue();
    }

    private static List<Path> list(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }
}
