package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.hooks.ArbiterHooks;
import io.jarbiter.hooks.internal.HookLoadException;
import io.jarbiter.hooks.internal.HookSet;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the master's hooks from the application's class path. The master loads hook classes only,
 * never service classes; each configuration generation gets its own class loader, over the same code
 * snapshot its workers run ({@link CodeSnapshots}).
 */
public final class MasterHooks {
    private MasterHooks() {}

    /**
     * Takes the generation's code snapshot (start, HUP: before any of its workers spawns, so a snapshot that
     * cannot be taken stops the start or rejects the reload), then loads the hooks from it.
     */
    public static HookSet<ArbiterHooks> load(Config config, CodeSnapshots code) throws HookLoadException {
        CodeSnapshot snapshot;
        try {
            snapshot = code.of(config);
        } catch (CodeSnapshotException e) {
            throw new HookLoadException(e.getMessage());
        }
        if (config.hooks().isEmpty()) return HookSet.empty();
        return HookSet.load(config.hooks(), ArbiterHooks.class, appClassLoader(snapshot.classpath()));
    }

    /** A class loader over app.yaml's {@code classpath}, delegating to jarbiter's own classes first. */
    public static ClassLoader appClassLoader(Config config) throws HookLoadException {
        return appClassLoader(config.classpath());
    }

    private static ClassLoader appClassLoader(List<Path> classpath) throws HookLoadException {
        List<URL> urls = new ArrayList<>();
        for (Path p : classpath) {
            try {
                urls.add(p.toAbsolutePath().toUri().toURL());
            } catch (MalformedURLException e) {
                throw new HookLoadException("classpath entry '" + p + "' is not a valid path: " + e.getMessage());
            }
        }
        return new URLClassLoader("app", urls.toArray(new URL[0]), MasterHooks.class.getClassLoader());
    }
}
