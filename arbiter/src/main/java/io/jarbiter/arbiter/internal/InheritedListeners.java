package io.jarbiter.arbiter.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Listening sockets the master was started with, instead of binding its own: from an old master during
 * a USR2 upgrade ({@value Reexec#ENV_FDS}) or from systemd socket activation ({@code LISTEN_FDS} fds
 * from 3, for this pid only, per sd_listen_fds(3)). When there are any, they replace {@code bind} for
 * the first generation, as in gunicorn; a later reload that changes {@code bind} binds afresh. Neither
 * variable reaches a worker or a newer master ({@link MasterExec#workerBaseEnvironment}).
 */
public record InheritedListeners(String source, List<Integer> fds) {
    public static final InheritedListeners NONE = new InheritedListeners("", List.of());

    /** Reads the environment of the master with pid {@code pid}; bad values halt with the variable and value. */
    public static InheritedListeners fromEnvironment(Map<String, String> env, long pid) {
        String upgrade = env.get(Reexec.ENV_FDS);
        if (upgrade != null && !upgrade.isBlank()) {
            List<Integer> fds = new ArrayList<>();
            for (String part : upgrade.split(",")) fds.add(number(Reexec.ENV_FDS, upgrade, part.trim()));
            return new InheritedListeners("the previous master (USR2 upgrade)", fds);
        }
        String count = env.get("LISTEN_FDS"), listenPid = env.get("LISTEN_PID");
        if (count != null && listenPid != null) {
            if (number("LISTEN_PID", listenPid, listenPid) != pid) return NONE; // meant for another process
            int n = number("LISTEN_FDS", count, count);
            List<Integer> fds = new ArrayList<>();
            for (int i = 0; i < n; i++) fds.add(3 + i); // SD_LISTEN_FDS_START
            return new InheritedListeners("systemd (socket activation)", fds);
        }
        return NONE;
    }

    public boolean isEmpty() {
        return fds.isEmpty();
    }

    private static int number(String variable, String value, String part) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            throw new HaltException(1, "environment " + variable + "='" + value + "' is not a list of fd numbers; "
                    + "unset it unless the master is started by systemd or by a USR2 upgrade");
        }
    }
}
