package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A build that rewrites the application's jar in place (as Maven does: truncate, then write) while jarbiter
 * runs changes nothing for the running workers, even for classes they load only later: they run from a copy
 * taken when their generation spawned. HUP brings the new code, and the old copy goes once its workers exited.
 */
@Timeout(240)
class CodeSnapshotIT {
    private static final int BANNERS = 200;

    @TempDir
    Path dir;

    @Test
    void aJarRewrittenInPlaceBreaksNoRequestAndHupServesTheNewCodeFromANewCopy() throws Exception {
        byte[] v1 = appJar("v1", false);
        byte[] v2 = appJar("v2", true); // other offsets for every entry: a stale read of the old layout cannot succeed
        Path jar = Files.createDirectories(dir.resolve("target")).resolve("todo.jar");
        Files.write(jar, v1);
        Path code = dir.resolve("code");
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, "bind: 127.0.0.1:0\nworkers: 2\nclasspath: [target/todo.jar]\nservices: [com.example.todo.TodoService]\n"
                + "worker_tmp_dir: " + dir + "\ncontrol_socket: " + dir.resolve("jarbiter.ctl") + "\ncode_snapshot_dir: code\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            int port = j.awaitReady();
            assertEquals("v1", Http.getFresh(port, "/version").lines().reduce((a, b) -> b).orElseThrow());
            Path first = onlyCopy(code);

            Files.write(jar, v2); // truncates and writes the same file, as `mvn package` does
            // one keep-alive client per worker (new connections go to the worker holding fewer) and one on fresh connections
            try (LoadGenerator keepAlive = new LoadGenerator(port, "/banner", 2, true, 120).start();
                 LoadGenerator fresh = new LoadGenerator(port, "/banner", 1, false, 120).start()) {
                // each request loads a Banner class the worker has not loaded yet, until all are
                await().atMost(Duration.ofSeconds(60)).until(() -> keepAlive.ok() + fresh.ok() >= 3L * BANNERS
                        || !keepAlive.errors().isEmpty() || !fresh.errors().isEmpty());
                assertEquals(List.of(), keepAlive.errors(), "keep-alive requests failed after the jar was rewritten, before HUP");
                assertEquals(List.of(), fresh.errors(), "fresh-connection requests failed after the jar was rewritten, before HUP");
                assertTrue(Http.getFresh(port, "/banner").contains("v1 banner "), "the old code until HUP");

                j.signal("HUP");
                j.awaitLog("Reload complete", 1, Duration.ofSeconds(60));
                await("the new code answers").atMost(Duration.ofSeconds(30)).until(() -> Http.getFresh(port, "/banner").contains("v2 banner "));
                long before = keepAlive.ok() + fresh.ok();
                await().atMost(Duration.ofSeconds(30)).until(() -> keepAlive.ok() + fresh.ok() > before + 3L * BANNERS);
                keepAlive.stop();
                fresh.stop();
                assertEquals(List.of(), keepAlive.errors(), "keep-alive requests failed across the HUP");
                assertEquals(List.of(), fresh.errors(), "fresh-connection requests failed across the HUP");
            }
            assertTrue(j.log().contains("Workers run the code snapshot " + first), j.tail());
            await("the old generation's copy removed once its workers exited").atMost(Duration.ofSeconds(60))
                    .until(() -> !Files.exists(first));
            Path second = onlyCopy(code);
            assertNotEquals(first, second);
            for (long worker : j.workerPids()) {
                assertTrue(ProcFs.cmdline(worker).contains(second.resolve("0-todo.jar").toString()), ProcFs.cmdline(worker));
            }
        }
    }

    @Test
    void aSnapshotThatCannotBeTakenOnHupRejectsTheReloadAndTheOldGenerationKeepsServing() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "code_snapshot_dir: " + dir.resolve("code") + "\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            int port = j.awaitReady();
            List<Long> before = j.workerPids();
            Path notADirectory = Files.writeString(dir.resolve("full-disk"), "a file where the copies should go");
            Files.writeString(app, Files.readString(app).replace("code_snapshot_dir: " + dir.resolve("code"), "code_snapshot_dir: " + notADirectory));
            j.signal("HUP");
            j.awaitLog("Reload rejected");
            assertTrue(j.log().contains("cannot copy 'classpath' [" + Jarbiter.EXAMPLES_JAR + "] into code_snapshot_dir " + notADirectory)
                    && j.log().contains("set code_snapshot_dir to another directory ('off' runs the classpath in place"), j.tail());
            assertEquals(before, j.workerPids());
            assertEquals("Hello, World!", Http.get(port, "/hello").body());
        }
    }

    private static Path onlyCopy(Path code) throws IOException {
        try (Stream<Path> copies = Files.list(code)) {
            List<Path> all = copies.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
            assertEquals(1, all.size(), "one copy of the class path: " + all);
            return all.get(0);
        }
    }

    /**
     * The todo app, compiled now: {@code /version} answers {@code version}, and each {@code /banner} loads the
     * next of {@value #BANNERS} classes by name ({@code Class.forName}: from the jar, at that moment).
     */
    private byte[] appJar(String version, boolean padFirst) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src-" + version + "/com/example/todo"));
        StringBuilder java = new StringBuilder("""
                package com.example.todo;

                import io.jarbiter.container.Service;
                import io.jarbiter.web.Http;
                import java.util.concurrent.atomic.AtomicInteger;

                @Service("todo")
                public class TodoService {
                    static final AtomicInteger NEXT = new AtomicInteger();

                    @Http(method = "GET", path = "/version", nonBlocking = true)
                    public String version() {
                        return "VERSION";
                    }

                    @Http(method = "GET", path = "/banner")
                    public String banner() throws Exception {
                        return Class.forName("com.example.todo.Banner" + NEXT.getAndIncrement() % BANNERS).getDeclaredConstructor().newInstance().toString();
                    }
                }
                """.replace("VERSION", version).replace("BANNERS", Integer.toString(BANNERS)));
        for (int i = 0; i < BANNERS; i++) {
            java.append("class Banner").append(i).append(" { public String toString() { return \"").append(version)
                    .append(" banner ").append(i).append("\"; } }\n");
        }
        Files.writeString(src.resolve("TodoService.java"), java);
        Path classes = Files.createDirectories(dir.resolve("classes-" + version));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
                "--release", "17", src.resolve("TodoService.java").toString());
        assertEquals(0, rc, "javac of the test app");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes); Stream<Path> files = Files.walk(classes)) {
            if (padFirst) {
                byte[] padding = new byte[64 * 1024];
                new Random(42).nextBytes(padding);
                out.putNextEntry(new JarEntry("padding.bin"));
                out.write(padding);
            }
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
                out.write(Files.readAllBytes(f));
            }
        }
        return bytes.toByteArray();
    }
}
