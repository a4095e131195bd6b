package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.tls.ServerTls;
import io.jarbiter.process.WorkerContract;
import java.io.IOException;

/**
 * The master's side of TLS on the listeners: it never serves TLS (its sockets stay plain; each worker
 * terminates TLS on what it accepts) but reads the certificate files as a worker would, so that a bad or
 * missing file stops the start with exit 1, or rejects a reload while the running generation keeps serving,
 * instead of failing every new worker's boot. It also says which scheme the listeners serve.
 */
final class ListenerTlsCheck {
    private ListenerTlsCheck() {}

    /** Before the first bind: a problem halts the master with exit 1. */
    static void atStart(Config config) {
        String problem = problem(config);
        if (problem != null) throw new HaltException(WorkerContract.EXIT_ERROR, problem);
    }

    /** On HUP, before anything is spawned: the reason to reject the reload, or null. */
    static String onReload(Config next) {
        return problem(next);
    }

    /** The TLS problem of {@code config} in one line naming app.yaml, the setting and the file; null when none. */
    static String problem(Config config) {
        try {
            ServerTls.check(config);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    static String url(Listeners.Listener listener, Config config) {
        return ServerTls.url(listener.url(), config);
    }

    /** Whether a reload turns TLS on or off, so the listeners' URLs change although {@code bind} did not. */
    static boolean schemeChanged(Config before, Config after) {
        return ServerTls.enabled(before) != ServerTls.enabled(after);
    }
}
