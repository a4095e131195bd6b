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
                             HookLoader hookLoader, Control control, long pid, String version) {

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

        void close(List<Listeners.Listener> listeners);

        Binder POSIX = new Binder() {
            @Override
            public List<Listeners.Listener> bind(List<String> binds, int backlog) {
                return Listeners.bind(binds, backlog);
            }

            @Override
            public void close(List<Listeners.Listener> listeners) {
                Listeners.close(listeners);
            }
        };
    }

    /** Loads the {@code ArbiterHooks} named in a configuration. */
    @FunctionalInterface
    public interface HookLoader {
        HookSet<ArbiterHooks> load(Config config) throws HookLoadException;
    }
}
