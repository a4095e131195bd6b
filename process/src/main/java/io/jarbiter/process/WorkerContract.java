package io.jarbiter.process;

import io.jarbiter.posix.Signals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the master and a worker JVM agree on, in one place (docs/ARCHITECTURE.md#contract): the fd layout, the
 * environment, the exit codes, the JVM flags that make signals work, and the heartbeat protocol.
 *
 * <p><b>fds.</b> Listening sockets are fds {@code 3 .. 3+n-1} ({@code LISTEN_FDS=n}); the heartbeat
 * file is fd {@code 3+n}, the {@link Scoreboard} file fd {@code 3+n+1}, and the {@link ConnectionBoard}
 * all workers share fd {@code 3+n+2} (when {@link #ENV_BOARD_SLOT} is set); after them, the lock file of the
 * code snapshot the worker runs from (when there is one), which it only keeps open: the copy is not removed while
 * the worker lives. Every other fd above 2 is closed in the worker. The files are created by the master in {@code worker_tmp_dir} and unlinked at once.
 *
 * <p><b>Heartbeat.</b> The master creates the file and unlinks it at once. The worker changes its mode
 * ({@code fchmod}), which moves its ctime; the master reads the ctime with {@code fstat}. A worker is
 * <i>booted</i> once the ctime moved past the value the master saw at spawn time; it is <i>stale</i>
 * when the ctime is older than {@code timeout}.
 */
public final class WorkerContract {
    public static final int FIRST_LISTEN_FD = 3;

    public static final String ENV_LISTEN_FDS = "LISTEN_FDS";
    public static final String ENV_CONFIG = "JARBITER_CONFIG";
    public static final String ENV_AGE = "JARBITER_WORKER_AGE";
    public static final String ENV_GENERATION = "JARBITER_GENERATION";
    public static final String ENV_MASTER_PID = "JARBITER_MASTER_PID";
    /** The {@link BootPlan} the master decided for this worker ({@link BootPlan#encode()}; unset: {@link BootPlan#COLD}). */
    public static final String ENV_BOOT_PLAN = "JARBITER_BOOT_PLAN";
    /** This worker's slot on the {@link ConnectionBoard} (fd {@code 3+n+2}); absent: no board, accept without balancing. */
    public static final String ENV_BOARD_SLOT = "JARBITER_BOARD_SLOT";
    /**
     * {@code --check-config}: the argument that makes {@link #WORKER_MAIN} check the application instead of
     * serving it. It loads the hook and service classes and builds every service's model as a boot does, starts
     * nothing, writes each problem as one line starting with {@link #CHECK_PROBLEM} on stdout, and exits
     * {@link #EXIT_OK} or {@link #APP_LOAD_ERROR}. It needs only {@link #ENV_CONFIG} of the contract.
     */
    public static final String CHECK_ARG = "--check-app";
    /** Starts each problem line of a checking worker (anything else it writes is the JVM's or the application's). */
    public static final String CHECK_PROBLEM = "jarbiter check: ";
    /** Moves HotSpot's suspend/resume signal off SIGUSR2 (docs/ARCHITECTURE.md#signal-delivery). */
    public static final String ENV_SR_SIGNUM = "_JAVA_SR_SIGNUM";
    public static final String SR_SIGNUM = "40";

    public static final int EXIT_OK = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;
    public static final int WORKER_BOOT_ERROR = 3;
    public static final int APP_LOAD_ERROR = 4;

    /** Signals blocked in every worker from its first instruction; its signal thread waits for them. */
    public static final int[] WORKER_SIGNALS = Signals.MASTER_SET;

    public static final String WORKER_MAIN = "io.jarbiter.worker.WorkerMain";

    private WorkerContract() {}

    public static int heartbeatFd(int listeners) {
        return FIRST_LISTEN_FD + listeners;
    }

    public static int scoreboardFd(int listeners) {
        return FIRST_LISTEN_FD + listeners + 1;
    }

    public static int connectionBoardFd(int listeners) {
        return FIRST_LISTEN_FD + listeners + 2;
    }

    /** gunicorn-style name of an exit code, for log lines. */
    public static String exitCodeName(int code) {
        return switch (code) {
            case EXIT_OK -> "OK(0)";
            case EXIT_ERROR -> "ERROR(1)";
            case EXIT_USAGE -> "USAGE(2)";
            case WORKER_BOOT_ERROR -> "WORKER_BOOT_ERROR(3)";
            case APP_LOAD_ERROR -> "APP_LOAD_ERROR(4)";
            default -> "exit(" + code + ")";
        };
    }

    /** How often a healthy worker beats: half the timeout, at most once a second, at least every 50 ms. */
    public static Duration beatInterval(Duration timeout) {
        long ms = timeout.isZero() ? 1000 : Math.max(50, Math.min(1000, timeout.toMillis() / 2));
        return Duration.ofMillis(ms);
    }

    /**
     * The JVM flags every worker gets before the user's {@code jvm_args}: {@code -Xrs} (HotSpot leaves
     * HUP/INT/TERM/QUIT alone), the attach listener (so {@code jcmd} works without SIGQUIT), the
     * opens that let the worker adopt an inherited socket, and native access for jnr-ffi.
     */
    public static List<String> workerJvmFlags(int javaFeatureVersion) {
        List<String> flags = new ArrayList<>(List.of(
                "-Xrs",
                "-XX:+StartAttachListener",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED",
                // jnr-ffi binds libc by reflection instead of generating classes with ASM at start: the
                // generated ones cannot come from the class-data archive, and generating them cost ~70 ms
                // of every worker's boot; the worker's few native calls per second do not notice
                "-Djnr.ffi.asm.enabled=false"));
        if (javaFeatureVersion >= 23) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return flags;
    }

    /**
     * The contract variables a worker is spawned with (added to the inherited environment); {@code boardSlot}
     * -1: no connection board passed.
     */
    public static Map<String, String> workerEnvironment(int listeners, String config, int age, int generation, long masterPid,
                                                        BootPlan plan, int boardSlot) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                ENV_BOOT_PLAN, plan.encode(),
                ENV_LISTEN_FDS, Integer.toString(listeners),
                ENV_CONFIG, config,
                ENV_AGE, Integer.toString(age),
                ENV_GENERATION, Integer.toString(generation),
                ENV_MASTER_PID, Long.toString(masterPid),
                ENV_SR_SIGNUM, SR_SIGNUM));
        if (boardSlot >= 0) env.put(ENV_BOARD_SLOT, Integer.toString(boardSlot));
        return env;
    }
}
