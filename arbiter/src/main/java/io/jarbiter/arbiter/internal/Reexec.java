package io.jarbiter.arbiter.internal;

import io.jarbiter.posix.Posix;
import io.jarbiter.posix.Signals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The USR2 upgrade's spawn (gunicorn's {@code reexec}): starts a new master from the launcher
 * ({@code bin/jarbiter}, read afresh, so new jars and new {@code JARBITER_MASTER_OPTS} apply) with the
 * old master's command line and working directory. The listening sockets go to it as fds 3.. and
 * their numbers in {@value #ENV_FDS}; it adopts them instead of binding ({@link InheritedListeners}),
 * so the kernel keeps one accept queue and no connection is refused in between.
 */
public final class Reexec {
    /** The inherited listener fds, "3,4"; gunicorn's {@code GUNICORN_FD}. */
    public static final String ENV_FDS = "JARBITER_FD";
    /** The old master's pid, in the new master: it ignores USR2 while that one lives (as gunicorn does). */
    public static final String ENV_PARENT = "JARBITER_PARENT_MASTER";
    /** bin/jarbiter's own path, exported by the script; without it the JVM's own command line is reused. */
    public static final String ENV_LAUNCHER = "JARBITER_LAUNCHER";

    private final List<String> args;
    private final Map<String, String> env;

    /** {@code args}: the master's own arguments (after the main class); {@code env}: its environment. */
    public Reexec(List<String> args, Map<String, String> env) {
        this.args = List.copyOf(args);
        this.env = Map.copyOf(env);
    }

    /** Spawns the new master with {@code listenerFds} as its fds 3..; returns its pid. */
    public int spawn(int[] listenerFds, long ownPid) throws IOException {
        List<String> argv = new ArrayList<>();
        String launcher = env.get(ENV_LAUNCHER);
        if (launcher != null) {
            argv.add(launcher);
            argv.addAll(args);
        } else {
            argv.addAll(Posix.ownCommandLine()); // java [flags] -cp ... io.jarbiter.arbiter.Main args
        }
        Map<String, String> childEnv = new LinkedHashMap<>(MasterExec.workerBaseEnvironment(env));
        StringJoiner fds = new StringJoiner(",");
        for (int i = 0; i < listenerFds.length; i++) fds.add(Integer.toString(3 + i));
        childEnv.put(ENV_FDS, fds.toString());
        childEnv.put(ENV_PARENT, Long.toString(ownPid));
        List<String> envp = new ArrayList<>();
        childEnv.forEach((k, v) -> envp.add(k + "=" + v));
        // the new master starts with the master's signals blocked (they queue until its loop runs)
        return Posix.get().spawn(argv.get(0), argv, envp, listenerFds, Signals.MASTER_SET);
    }
}
