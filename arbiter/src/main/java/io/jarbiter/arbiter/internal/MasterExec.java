package io.jarbiter.arbiter.internal;

import io.jarbiter.posix.Posix;
import io.jarbiter.posix.ProcessName;
import io.jarbiter.posix.Signals;
import io.jarbiter.process.WorkerContract;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the master's own JVM able to receive every signal through {@code sigtimedwait}
 * (docs/ARCHITECTURE.md#signal-delivery): the first JVM blocks the master's signals in its only Java-visible thread and
 * {@code execve}s itself (same pid) with {@code -Xrs}, the attach listener and
 * {@code _JAVA_SR_SIGNUM=40}. The new JVM starts with those signals blocked in every thread.
 */
public final class MasterExec {
    /** Set in the re-executed master; removed from workers' environments. */
    public static final String ENV_MARKER = "JARBITER_MASTER_EXEC";
    static final List<String> FLAGS = List.of("-Xrs", "-XX:+StartAttachListener", "--enable-native-access=ALL-UNNAMED");

    private MasterExec() {}

    /** True in the re-executed master (signals blocked since its first instruction). */
    public static boolean signalsReady() {
        return "1".equals(System.getenv(ENV_MARKER));
    }

    /** Replaces this JVM by the signal-ready master; returns only by throwing. */
    public static IOException reexec(String procMarker) {
        try {
            Posix posix = Posix.get();
            List<String> cmd = Posix.ownCommandLine();
            String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
            List<String> argv = new ArrayList<>();
            argv.add(cmd.get(0));
            argv.addAll(FLAGS);
            argv.add(procMarker); // ps tells the master apart
            cmd.subList(1, cmd.size()).stream().filter(a -> !ProcessName.isMarker(a)).forEach(argv::add);
            Map<String, String> env = new LinkedHashMap<>(System.getenv());
            env.put(WorkerContract.ENV_SR_SIGNUM, WorkerContract.SR_SIGNUM);
            env.put(ENV_MARKER, "1");
            List<String> envp = new ArrayList<>();
            env.forEach((k, v) -> envp.add(k + "=" + v));
            posix.blockSignals(Signals.MASTER_SET);
            return posix.execve(java, argv, envp);
        } catch (IOException e) {
            return e;
        }
    }

    /** The master's environment as workers should inherit it: without the master's own markers. */
    public static Map<String, String> workerBaseEnvironment(Map<String, String> env) {
        Map<String, String> base = new LinkedHashMap<>(env);
        for (String k : List.of(ENV_MARKER, "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "NOTIFY_SOCKET",
                "WATCHDOG_USEC", "WATCHDOG_PID", "JARBITER_CMD_ARGS", Reexec.ENV_FDS, Reexec.ENV_PARENT)) {
            base.remove(k);
        }
        return base;
    }
}
