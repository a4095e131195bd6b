package io.jarbiter.arbiter.internal;

import io.jarbiter.posix.Posix;
import io.jarbiter.posix.PosixException;
import io.jarbiter.posix.Reaped;
import io.jarbiter.posix.Signals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs a worker's JVM once with {@code -version} before the first worker of that command line is spawned.
 * A JVM that cannot start (an unknown option in {@code jvm_args}, a heap too small for the class-data
 * archive's objects) exits 1 at once, before any worker code runs; without this check the master would
 * respawn it forever. The child is spawned and reaped by pid here, on the master's thread, so the main
 * loop's {@code waitpid(-1)} never sees it; its stdout and stderr go to an unlinked private file.
 * {@link #exec} runs any other command line that way ({@code --check-config}'s checking worker).
 */
public final class WorkerJvmCheck {
    /** What the JVM said and whether it started; {@code output} is its first few non-blank lines. */
    record Outcome(boolean started, String output) {}

    /**
     * How one run of {@code java} ended: its exit code (-1: killed, by a signal or at the deadline), whether it
     * ran out of time, and all it wrote on stdout and stderr (the first 1 MiB).
     */
    public record Run(String java, int exitCode, boolean timedOut, String output) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_OUTPUT = 1 << 20;

    private WorkerJvmCheck() {}

    /** {@code java jvmOptions... -version}, with the worker's environment; bounded by 30 s (then killed, counted as started). */
    static Outcome run(String java, List<String> jvmOptions, List<String> envp, Path tmpDir) throws IOException {
        List<String> args = new ArrayList<>(jvmOptions);
        args.add("-version");
        Run run = exec(java, args, envp, tmpDir, TIMEOUT);
        // a JVM that does not finish -version in 30 s is not refused by this check; the worker's boot timeout still applies
        return new Outcome(run.timedOut() || run.exitCode() == 0, firstLines(run.output()));
    }

    /** {@code java args...} with {@code envp}, no fd above 2 and no signal blocked; killed after {@code timeout}. */
    static Run exec(String java, List<String> args, List<String> envp, Path tmpDir, Duration timeout) throws IOException {
        Posix posix = Posix.get();
        List<String> argv = new ArrayList<>();
        argv.add(java);
        argv.addAll(args);
        int out = -1;
        try {
            Path file = tmpDir.resolve("jarbiter-jvm-check-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            out = posix.dupHigh(posix.createFile(file), Listeners.HIGH_FD);
            posix.unlink(file);
            int pid = posix.spawn(java, argv, envp, new int[0], new int[0], out);
            Reaped exit = awaitExit(posix, pid, timeout);
            String said = read(posix, out);
            return new Run(java, exit != null && exit.exited() ? exit.exitCode() : -1, exit == null, said);
        } catch (PosixException e) {
            throw new IOException("cannot run the worker JVM (" + java + " " + String.join(" ", args) + "): " + e.getMessage(), e);
        } finally {
            if (out >= 0) posix.close(out);
        }
    }

    private static Reaped awaitExit(Posix posix, int pid, Duration timeout) throws PosixException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Reaped r = posix.reap(pid);
            if (r != null) return r;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // polling waitpid(pid, WNOHANG); bounded above
        }
        posix.kill(pid, Signals.KILL);
        while (posix.reap(pid) == null) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // KILL cannot be ignored
        return null;
    }

    private static String read(Posix posix, int fd) throws PosixException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int n; all.size() < MAX_OUTPUT && (n = posix.pread(fd, chunk, all.size())) > 0; ) all.write(chunk, 0, n);
        return all.toString(StandardCharsets.UTF_8);
    }

    /** The JVM's complaint: its first two error lines (unified-logging errors if any), without decorations or generic last words. */
    static String firstLines(String output) {
        boolean loggedErrors = output.lines().anyMatch(l -> l.contains("][error"));
        return output.lines()
                .filter(l -> !loggedErrors || l.contains("][error"))
                .map(l -> DECORATIONS.matcher(l).replaceFirst("").strip())
                .filter(l -> !l.isEmpty() && !l.startsWith("Error: Could not create the Java Virtual Machine")
                        && !l.startsWith("Error: A fatal exception has occurred"))
                .limit(2).collect(Collectors.joining("; "));
    }

    /** {@code [0.016s][error  ][aot    ] } before a unified-logging line. */
    private static final Pattern DECORATIONS = Pattern.compile("^(\\[[^\\]]*\\])+\\s*");
}
