package io.jarbiter.posix;

import io.jarbiter.conf.Config;
import io.jarbiter.conf.Settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the master and the workers are told apart in {@code ps} (gunicorn's {@code proc_name}). A JVM cannot rewrite
 * its argv, so the role and {@code proc_name} go on the command line when the process is started
 * ({@code -Djarbiter.proc=master:NAME}, {@code -Djarbiter.proc=worker:NAME}), and the role is written to the
 * process's comm name ({@code jarbiter-master}, {@code jarbiter-worker}: what {@code ps -e}, {@code top} and
 * {@code pkill} match, 15 characters at most).
 */
public final class ProcessName {
    /** The system property carrying {@code ROLE:proc_name}. */
    public static final String PROPERTY = "jarbiter.proc";
    public static final String MASTER = "master", WORKER = "worker";

    private ProcessName() {}

    /** {@code proc_name}, or the app file's path when unset. */
    public static String of(Config config) {
        String name = config.get(Settings.PROC_NAME);
        return name == null || name.isBlank() ? config.appYaml().toString() : name;
    }

    /** The command-line marker of a process in {@code role}. */
    public static String marker(String role, Config config) {
        return "-D" + PROPERTY + "=" + role + ":" + of(config);
    }

    /** Whether {@code arg} is such a marker (a re-executed master replaces its old one). */
    public static boolean isMarker(String arg) {
        return arg.startsWith("-D" + PROPERTY + "=");
    }

    /**
     * Sets this process's comm name to {@code jarbiter-ROLE}. The JVM runs {@code main} on a thread of its own, and
     * prctl(PR_SET_NAME) names only the calling thread, so this writes the comm of the process's first thread
     * (the one {@code ps} shows), which Linux lets any thread of the process do. Elsewhere than Linux: nothing.
     */
    public static boolean setComm(String role) {
        long pid = ProcessHandle.current().pid();
        try {
            Files.writeString(Path.of("/proc/self/task/" + pid + "/comm"), "jarbiter-" + role);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
