package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.hooks.ArbiterHooks;
import io.jarbiter.hooks.internal.HookLoadException;
import io.jarbiter.hooks.internal.HookSet;

import java.util.List;

/**
 * What the arbiter needs from the outside world, as seams: the signal queue, process spawning,
 * time, listening sockets and hook loading. Production wires the real ones ({@code Main}); the
 * arbiter's unit tests wire fakes and run the loop without processes.
 */
public record ArbiterContext(SignalSource signals, WorkerSpawner spawner, Clock clock, Binder binder,
                             HookLoader hookLoader, Control control, Upgrader upgrader, Notifier notifier,
                             long pid, String version) {

    /**
     * Opens the master's side doors for a configuration: the control socket and the metrics listener
     * ({@link ControlServer}, {@link MetricsServer}). The unit tests pass {@link #NONE}.
     */
    @FunctionalInterface
    public interface Control {
        AutoCloseable open(io.jarbiter.conf.Config config, SignalSource signals, StatusRequests status);

        Control NONE = (config, signals, status) -> () -> { };
    }

    /** Creates and closes listening sockets. */
    public interface Binder {
        List<Listeners.Listener> bind(List<String> binds, int backlog);

        /** Binds {@code config}'s addresses; a unix socket file gets its {@code umask} and {@code user}/{@code group}. */
        default List<Listeners.Listener> bind(Config config) {
            return bind(config.bind(), config.backlog());
        }

        void close(List<Listeners.Listener> listeners);

        /** At the master's exit: closes every listener still open (removing the socket files it made). */
        default void closeAll() {
        }

        /** A USR2 started the new master {@code pid} on these listeners: their socket files are left to it while it runs. */
        default void sharedWith(long pid) {
        }

        /**
         * Native sockets ({@link PosixBinder}); the first {@code bind} adopts {@code inherited} instead when there
         * are any (USR2 upgrade, systemd socket activation). Main thread only, like every Binder call.
         */
        static Binder posix(InheritedListeners inherited) {
            String parent = System.getenv(Reexec.ENV_PARENT);
            return new PosixBinder(inherited, parent != null && parent.matches("\\d+") ? Long.parseLong(parent) : 0);
        }
    }

    /** Tells a service manager what the master is doing ({@link SdNotify}); {@link #NONE} when none listens. */
    public interface Notifier {
        /** Sends newline-separated {@code KEY=VALUE} assignments ("READY=1\nSTATUS=..."). */
        void notify(String state);

        /** How often to send {@code WATCHDOG=1}; 0 for never. */
        default long watchdogMillis() {
            return 0;
        }

        Notifier NONE = state -> { };
    }

    /** Starts a new master on this one's listeners (USR2); {@link Reexec} in production. */
    @FunctionalInterface
    public interface Upgrader {
        /** Spawns the new master with {@code listenerFds} as its fds 3..; returns its pid. */
        int spawn(int[] listenerFds, long ownPid) throws java.io.IOException;

        Upgrader NONE = (fds, pid) -> {
            throw new java.io.IOException("upgrades are not available here");
        };
    }

    /** Loads the {@code ArbiterHooks} named in a configuration. */
    @FunctionalInterface
    public interface HookLoader {
        HookSet<ArbiterHooks> load(Config config) throws HookLoadException;
    }
}
