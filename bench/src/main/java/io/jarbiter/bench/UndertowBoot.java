package io.jarbiter.bench;

import io.jarbiter.arbiter.WorkerJvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The floor for starting a JVM that serves HTTP on this machine, measured in the same run as the workers:
 * {@link PlainUndertow} with its own class-data archive of the same kind the workers use (AppCDS on JDK
 * 17–24, the AOT cache on 25+) and the workers' default heap and GC flags, from exec to its first
 * response. The spawn targets were set on a day when this took 0.26 s on JDK 17 and 0.20 s on JDK 25,
 * where that measurement also ran C1 only (as here); a slower day moves both alike, and the ratio shows it.
 */
final class UndertowBoot implements AutoCloseable {
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final int javaFeature = Runtime.version().feature();
    private final Path dir;
    private final WorkerJvm.Archive archive;

    private UndertowBoot(Path dir) {
        this.dir = dir;
        this.archive = WorkerJvm.archive(dir, "undertow", Runtime.version());
    }

    /** Trains the archive: one run that serves a few requests and exits on SIGTERM, dumping it. */
    static UndertowBoot trained() throws IOException, InterruptedException {
        UndertowBoot boot = new UndertowBoot(Files.createTempDirectory("jarbiter-bench-boot-"));
        ServerProcess s = boot.start(1, boot.archive.trainingOptions()).get(0);
        boolean trained = false;
        try {
            s.awaitServing(Duration.ofSeconds(60));
            for (int i = 0; i < 20; i++) s.get("/hello");
            s.signal("TERM");
            if (!s.awaitExit(Duration.ofSeconds(60)) || !Files.isRegularFile(boot.archive.file())) {
                throw new IOException("the plain undertow JVM wrote no class-data archive; log: " + Files.readString(s.log));
            }
            trained = true;
        } finally {
            s.close(); // kills what is left of it and deletes its log
            if (!trained) boot.close();
        }
        return boot;
    }

    String kind() {
        return archive.kind();
    }

    /** Seconds from exec of {@code n} JVMs at once until every one of them has answered a request. */
    double secondsToServe(int n) throws IOException {
        List<String> use = new ArrayList<>(archive.useOptions());
        if (javaFeature >= 25) use.add("-XX:TieredStopAtLevel=1"); // as in the measurement the JDK 25 target came from
        long t0 = System.nanoTime();
        List<ServerProcess> started = start(n, use);
        try {
            long deadline = t0 + Duration.ofSeconds(30).toNanos();
            for (ServerProcess s : started) {
                while (s.get("/hello") == null) {
                    if (System.nanoTime() > deadline) throw new IOException("the plain undertow JVM did not serve within 30 s");
                    ServerProcess.pause(2);
                }
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            started.forEach(ServerProcess::close);
        }
    }

    private List<ServerProcess> start(int n, List<String> archiveFlags) throws IOException {
        List<ServerProcess> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(WorkerJvm.defaultOptions(Runtime.version()));
            cmd.addAll(archiveFlags);
            int port = ServerProcess.freePort();
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PlainUndertow.class.getName(), Integer.toString(port)));
            started.add(ServerProcess.spawn("undertow-boot", cmd, Map.of(), port));
        }
        return started;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(archive.file());
        Files.deleteIfExists(dir);
    }
}
