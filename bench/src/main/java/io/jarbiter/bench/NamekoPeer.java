package io.jarbiter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Python nameko 2.14 baseline: the peer at {@code $NAMEKO_PEER} or {@code ../shared/peers/nameko} (from
 * the project root), run by nameko's own service runner under the service name {@code bench_nameko}, so it
 * never shares a queue with a test's peer on the same broker. Its event handler writes its record to
 * /dev/null.
 */
final class NamekoPeer {
    static final String SERVICE = "bench_nameko";
    static final String EVENT_TYPE = "to_nameko";
    static final String EVENT_QUEUE = "evt-" + EventLoad.SOURCE + "-" + EVENT_TYPE + "--" + SERVICE + ".on_" + EventLoad.SOURCE + "__" + EVENT_TYPE;
    private final Path dir;
    private final String python;

    private NamekoPeer(Path dir, String python) {
        this.dir = dir;
        this.python = python;
    }

    /** The peer, or null with the reason printed as a note when python3, nameko's packages or the peer are missing. */
    static NamekoPeer find(Path home, Report report) {
        String env = System.getenv("NAMEKO_PEER");
        Path dir = (env != null ? Path.of(env) : home.resolve("../shared/peers/nameko")).toAbsolutePath().normalize();
        String python = System.getenv().getOrDefault("PYTHON", "/usr/bin/python3");
        if (!Files.isExecutable(Path.of(python))) {
            report.note("no " + python + ": the nameko rows are skipped.");
            return null;
        }
        if (!Files.isExecutable(dir.resolve("run-peer.sh"))) {
            report.note("no nameko peer at " + dir + " (set NAMEKO_PEER): the nameko rows are skipped.");
            return null;
        }
        try {
            Process setup = new ProcessBuilder(dir.resolve("run-peer.sh").toString(), "setup").redirectErrorStream(true).start();
            String out = new String(setup.getInputStream().readAllBytes()).trim();
            if (!setup.waitFor(60, TimeUnit.SECONDS) || setup.exitValue() != 0) {
                report.note("the nameko peer cannot run (" + out.lines().reduce((a, b) -> b).orElse("") + "): the nameko rows are skipped.");
                return null;
            }
        } catch (IOException | InterruptedException e) {
            report.note("the nameko peer cannot run (" + e + "): the nameko rows are skipped.");
            return null;
        }
        return new NamekoPeer(dir, python);
    }

    ServerProcess start(String amqpUri) throws IOException {
        Path state = Files.createTempDirectory("jarbiter-bench-nameko-");
        return ServerProcess.spawn("nameko", List.of(dir.resolve("run-peer.sh").toString(), "run"), Map.of(
                "PYTHON", python, "PEER_STATE_DIR", state.toString(), "NAMEKO_AMQP_URI", kombuUri(amqpUri),
                "PEER_SERVICE_NAME", SERVICE, "PEER_EVENTS", EventLoad.SOURCE + ":" + EVENT_TYPE,
                "PEER_EVENTS_FILE", "/dev/null", "PEER_LOG_LEVEL", "WARNING", "PEER_MAX_WORKERS", "10"), 0);
    }

    /** kombu spells the default vhost as a second slash. */
    private static String kombuUri(String amqpUri) {
        String u = amqpUri.replaceFirst("^amqp://", "pyamqp://");
        return u.matches("pyamqp://[^/]+/") ? u + "/" : u;
    }
}
