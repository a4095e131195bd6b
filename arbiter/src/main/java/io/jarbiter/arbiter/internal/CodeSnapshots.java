package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.posix.Posix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The code of each configuration generation: its {@link CodeSnapshot}, taken the first time a generation's
 * configuration asks for it (the master's hooks load from it at start and on HUP, before any worker of it
 * spawns) and the same for every later worker of that generation (TTIN, respawns), whatever happens to the
 * class path files meanwhile. A build that rewrites a jar in place therefore changes nothing until the next HUP.
 *
 * <p>A configuration object is a generation (a reload makes a new one, a rollback goes back to the old one),
 * so snapshots are kept by identity. Main thread only, like the arbiter.
 */
public final class CodeSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.arbiter");
    private final Map<Config, CodeSnapshot> taken = new IdentityHashMap<>();
    /** Each class path file's digest by its stamp: an unchanged jar is not read again at the next HUP. */
    private final Map<Path, CodeManifest.Stamped> known = new HashMap<>();
    /** Copies this master let go of whose workers may still run: removed after they exit. */
    private final Set<Path> released = new LinkedHashSet<>();

    /** The code of {@code config}'s generation; the first call takes the snapshot, with errors that name the entry and the remedy. */
    public CodeSnapshot of(Config config) throws CodeSnapshotException {
        CodeSnapshot snapshot = taken.get(config);
        if (snapshot == null) {
            snapshot = take(config);
            taken.put(config, snapshot);
        }
        return snapshot;
    }

    private CodeSnapshot take(Config config) throws CodeSnapshotException {
        Path root = config.codeSnapshotDir().orElse(null);
        if (root == null) return CodeSnapshot.inPlace(config.classpath());
        SnapshotStore store = new SnapshotStore(root);
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                SnapshotStore.Taken t = store.take(CodeManifest.read(config.classpath(), known));
                Path dir = t.snapshot().dir().orElseThrow();
                LOG.info("Workers run the code snapshot {} ({} in {} ms)", dir, t.made() ? "copied from 'classpath'" : "already there",
                        (System.nanoTime() - started) / 1_000_000);
                warnIfWorkersCannotRead(config, root);
                store.sweep(held(root));
                return t.snapshot();
            } catch (CodeManifest.ChangedWhileCopied e) {
                if (attempt == 3) throw new CodeSnapshotException(config.appYaml() + ": cannot snapshot 'classpath': " + e.getMessage()
                        + " three times (is a build writing it?); send HUP again once the build is done");
            } catch (CodeManifest.ReadFailed e) {
                throw new CodeSnapshotException(config.appYaml() + ": " + e.getMessage()
                        + "; make it readable by the master's user, or fix 'classpath'");
            } catch (IOException e) {
                throw new CodeSnapshotException(config.appYaml() + ": cannot copy 'classpath' " + config.classpath() + " into code_snapshot_dir "
                        + root + ": " + CodeManifest.why(e) + "; free space there or make it writable, or set code_snapshot_dir "
                        + "to another directory ('off' runs the classpath in place, without protection from builds)");
            }
        }
    }

    /** The copies in {@code root} this master holds. */
    private Set<Path> held(Path root) {
        Set<Path> dirs = new HashSet<>();
        for (CodeSnapshot s : taken.values()) s.dir().filter(d -> d.getParent().equals(root) && s.lockFd() >= 0).ifPresent(dirs::add);
        return dirs;
    }

    /**
     * Ends this master's hold on the code of every configuration but {@code live} (the running one, and the one a
     * pending reload would roll back to); a copy goes once the workers that run from it have exited too.
     */
    public void retain(Collection<Config> live) {
        if (taken.size() <= live.size() && live.stream().allMatch(taken::containsKey)) return;
        Set<Config> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        keep.addAll(live);
        for (Iterator<Map.Entry<Config, CodeSnapshot>> it = taken.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Config, CodeSnapshot> e = it.next();
            if (keep.contains(e.getKey())) continue;
            e.getValue().release();
            e.getValue().dir().ifPresent(released::add);
            it.remove();
        }
        removeReleased();
    }

    /** Removes the copies this master let go of that no process holds any more (call after workers exited). */
    public void removeReleased() {
        if (released.isEmpty()) return;
        Set<Path> stillOurs = new HashSet<>();
        for (CodeSnapshot s : taken.values()) s.dir().ifPresent(stillOurs::add);
        released.removeIf(dir -> !stillOurs.contains(dir) && new SnapshotStore(dir.getParent()).tryRemove(dir));
        released.removeIf(stillOurs::contains); // the same code again after a reload: the new generation holds it
    }

    /**
     * With {@code user} set, the workers must reach the copies: warns when a directory above {@code root} lets
     * neither that user, nor its group, nor others through (a root master's default, {@code /root/.cache}, does not).
     */
    private static void warnIfWorkersCannotRead(Config config, Path root) {
        try {
            Posix.Credentials worker = WorkerUser.resolve(config).orElse(null);
            if (worker == null) return;
            for (Path p = root; p != null; p = p.getParent()) {
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid");
                int mode = (Integer) a.get("mode");
                boolean through = (mode & 01) != 0 || ((Integer) a.get("uid") == worker.uid() && (mode & 0100) != 0)
                        || ((Integer) a.get("gid") == worker.gid() && (mode & 010) != 0);
                if (!through) {
                    LOG.warn("Workers run as '{}' may not read the code snapshots in {}: {} has mode {}; set code_snapshot_dir to a "
                            + "directory they can read", worker.user(), root, p, Integer.toOctalString(mode & 0777));
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot check that the workers can read {}: {}", root, e.toString());
        }
    }
}
