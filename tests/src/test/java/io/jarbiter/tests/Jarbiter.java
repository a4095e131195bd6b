package io.jarbiter.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code bin/jarbiter} master for process tests, run in its own session (so its pid is its
 * process group) with its error log in a file. {@link #close()} SIGKILLs the whole group, so no JVM
 * outlives a test. Everything waits with Awaitility and a bound; nothing sleeps to synchronise.
 */
public final class Jarbiter implements AutoCloseable {
    public static final Path HOME = Path.of(System.getProperty("jarbiter.home", "..")).toAbsolutePath().normalize();
    public static final Path BIN = HOME.resolve("bin/jarbiter");
    public static final Path EXAMPLES_JAR = HOME.resolve("examples/target/jarbiter-examples.jar");
    private static final Pattern LISTENING = Pattern.compile("Listening at: https?://([^ ]+):(\\d+) \\((\\d+)\\)");
    private static final Pattern BOOTING = Pattern.compile("Booting worker with pid: (\\d+)");

    private final Process process;
    private final Path log;
    private final Path stdout;

    private Jarbiter(Process process, Path log, Path stdout) {
        this.process = process;
        this.log = log;
        this.stdout = stdout;
    }

    /** Starts {@code bin/jarbiter args...} with extra environment; the error log goes to {@code dir/jarbiter.log}. */
    public static Jarbiter start(Path dir, Map<String, String> env, String... args) throws IOException {
        return startWith(List.of(), dir, env, args);
    }

    /** Like {@link #start} but behind a wrapper command (e.g. unshare for PID-1 tests), itself in a session of its own. */
    public static Jarbiter startWith(List<String> wrapper, Path dir, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(BIN.toString());
        cmd.addAll(List.of(args));
        Path log = dir.resolve("jarbiter.log");
        Path out = dir.resolve("stdout.log");
        ProcessBuilder pb = Processes.inOwnSession(cmd, env).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        return new Jarbiter(pb.start(), log, out);
    }

    /** Writes an app.yaml for the examples jar and returns its path. */
    public static Path exampleApp(Path dir, String extraYaml) throws IOException {
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, "bind: 127.0.0.1:0\nworkers: 2\nclasspath: [" + EXAMPLES_JAR + "]\n"
                + "services: [io.jarbiter.examples.HelloService]\nworker_tmp_dir: " + dir + "\n" + ownControlSocket(dir, extraYaml) + extraYaml);
        return app;
    }

    /** The classes of this test module, holding test-only services and hooks ({@code io.jarbiter.tests.app}). */
    public static final Path TEST_CLASSES = HOME.resolve("tests/target/test-classes");

    /** Writes an app.yaml running the test service ({@code io.jarbiter.tests.app.TestService}). */
    public static Path testApp(Path dir, String extraYaml) throws IOException {
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, "bind: 127.0.0.1:0\nworkers: 1\nclasspath: [" + TEST_CLASSES + "]\n"
                + "services: [io.jarbiter.tests.app.TestService]\nworker_tmp_dir: " + dir + "\n" + ownControlSocket(dir, extraYaml) + extraYaml);
        return app;
    }

    /** Each test's master gets its own control socket, in its own directory, unless the test sets one. */
    private static String ownControlSocket(Path dir, String extraYaml) {
        return extraYaml.contains("control_socket:") ? "" : "control_socket: " + dir.resolve("jarbiter.ctl") + "\n";
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    public String stdout() {
        try {
            return Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits for the master's "Listening at" line and returns the port. */
    public int port() {
        await("Listening at line in\n" + tail()).atMost(Duration.ofSeconds(30)).until(() -> LISTENING.matcher(log()).find() || !process.isAlive());
        Matcher m = LISTENING.matcher(log());
        if (!m.find()) throw new AssertionError("master exited before listening:\n" + log());
        return Integer.parseInt(m.group(2));
    }

    /** Waits until the log has {@code count} occurrences of {@code text}. */
    public void awaitLog(String text, int count, Duration atMost) {
        await(count + "x '" + text + "' in the log").atMost(atMost)
                .until(() -> occurrences(log(), text) >= count);
    }

    public void awaitLog(String text) {
        awaitLog(text, 1, Duration.ofSeconds(30));
    }

    /** Waits for the first generation to be ready ("Ready:" line) and returns the port. */
    public int awaitReady() {
        int port = port();
        await("ready in\n" + tail()).atMost(Duration.ofSeconds(60)).until(() -> log().contains("Ready:") || !process.isAlive());
        if (!process.isAlive()) throw new AssertionError("master exited before ready:\n" + log());
        return port;
    }

    /** pids of the master's live children (its workers). */
    public List<Long> workerPids() {
        return process.children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).sorted().collect(Collectors.toList());
    }

    /** pids the master logged as booting, in order. */
    public List<Long> bootedPids() {
        List<Long> pids = new ArrayList<>();
        Matcher m = BOOTING.matcher(log());
        while (m.find()) pids.add(Long.parseLong(m.group(1)));
        return pids;
    }

    public void signal(String sig) throws IOException, InterruptedException {
        signal(pid(), sig);
    }

    public static void signal(long pid, String sig) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + sig + " " + pid + " failed");
        }
    }

    /** Waits for the master to exit and returns its exit code. */
    public int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("master still running after " + atMost + "\n" + tail());
        }
        return process.exitValue();
    }

    public String tail() {
        String l = log();
        return l.length() > 6000 ? l.substring(l.length() - 6000) : l;
    }

    static int occurrences(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) n++;
        return n;
    }

    /** Kills the master's whole process group (its session): no JVM survives the test. */
    @Override
    public void close() throws Exception {
        Processes.killGroup(process);
    }
}
