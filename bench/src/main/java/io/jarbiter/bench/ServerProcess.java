package io.jarbiter.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One server under test, started in a session of its own ({@code setsid}) so that {@link #close()}
 * kills it and every process it spawned. Output goes to a log file the bench can read.
 */
final class ServerProcess implements AutoCloseable {
    final String name;
    final int port;
    final Path log;
    private final Process process;

    private ServerProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts the server and waits (bounded) until it serves. */
    static ServerProcess start(String name, List<String> command, Map<String, String> env, int port) throws IOException {
        ServerProcess s = spawn(name, command, env, port);
        try {
            s.awaitServing(Duration.ofSeconds(60));
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** Starts the server and returns at once. */
    static ServerProcess spawn(String name, List<String> command, Map<String, String> env, int port) throws IOException {
        Path log = Files.createTempFile("jarbiter-bench-" + name.replaceAll("\\W", "") + "-", ".log");
        List<String> argv = new ArrayList<>(List.of("setsid"));
        argv.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new ServerProcess(name, port, log, pb.start());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    long pid() {
        return process.pid();
    }

    /** Waits (bounded) until {@code GET /hello} answers 200. */
    void awaitServing(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException(name + " exited: " + Files.readString(log));
            if (get("/hello") != null) return;
            pause(20);
        }
        throw new IOException(name + " did not serve within " + timeout.toSeconds() + " s; log: " + log);
    }

    /** The body of {@code GET path} on a fresh connection, or null when nothing answered 200. */
    String get(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url(path)).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            c.setRequestProperty("Connection", "close");
            if (c.getResponseCode() != 200) return null;
            try (var in = c.getInputStream()) {
                return new String(in.readAllBytes());
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** Waits (bounded) for a line containing {@code text} in the log, at or after line {@code from}. */
    boolean awaitLog(String text, int from, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.readAllLines(log);
            for (int i = from; i < lines.size(); i++) if (lines.get(i).contains(text)) return true;
            pause(10);
        }
        return false;
    }

    /** Waits (bounded) for the server's own process to exit. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The last lines of the log, for an error message. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    int logLines() throws IOException {
        return Files.readAllLines(log).size();
    }

    void signal(String sig) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + sig, Long.toString(pid())).inheritIO().start().waitFor();
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid()).start().waitFor(5, TimeUnit.SECONDS);
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        } catch (IOException | InterruptedException e) {
            System.err.println("bench: could not clean up " + name + ": " + e);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis); // the bench paces its polling; every loop around it is bounded
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
