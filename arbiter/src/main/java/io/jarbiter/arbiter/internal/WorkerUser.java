package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.posix.Posix;
import io.jarbiter.posix.PosixException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code user} and {@code group} the workers run as (gunicorn's {@code -u}/{@code -g}). The master
 * keeps its own identity (so a root master can rebind privileged ports on reload) and hands the workers
 * what they must write: their heartbeat and scoreboard files ({@link WorkerFiles}), the control socket
 * and the log files (so USR1 reopens still work after the drop). Each worker drops its privileges
 * itself, first thing after setting up its logs ({@code WorkerMain}).
 */
public final class WorkerUser {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.arbiter");

    private WorkerUser() {}

    /** The workers' credentials, or empty when {@code user} is unset; a bad user or group halts with the fix. */
    public static Optional<Posix.Credentials> resolve(Config config) {
        if (config.user().isEmpty()) {
            if (config.group().isPresent()) throw new HaltException(1, "'group: " + config.group().get() + "' needs 'user' as well");
            return Optional.empty();
        }
        String user = config.user().get();
        Posix.Credentials c;
        try {
            c = Posix.get().credentials(user, config.group().orElse(null));
        } catch (PosixException e) {
            throw new HaltException(1, "user '" + user + "'" + config.group().map(g -> " / group '" + g + "'").orElse("")
                    + " in " + config.appYaml() + ": " + e.getMessage() + "; create it or set 'user' to an existing user");
        }
        int euid = Posix.get().geteuid();
        if (euid != 0 && euid != c.uid()) {
            throw new HaltException(1, "'user: " + user + "' needs the master to run as root (it runs as uid " + euid
                    + "); start it as root or remove 'user'");
        }
        return Optional.of(c);
    }

    /** Gives the log files to the workers' user, so a worker can reopen them on USR1. */
    public static void chownLogs(Config config, Posix.Credentials c) {
        for (String log : new String[] {config.errorlog(), config.accesslog()}) {
            if (log == null || log.equals("-")) continue;
            Path path = Path.of(log);
            try {
                if (!Files.exists(path)) Files.createFile(path); // the workers open it as root, then reopen it as the user
                if (!Files.isRegularFile(path)) continue;
                Posix.get().chown(path, c.uid(), c.gid());
            } catch (java.io.IOException e) {
                LOG.warn("Cannot give {} to the workers' user (uid {}): {}; workers may fail to reopen it on USR1", path, c.uid(), e.getMessage());
            }
        }
    }
}
