package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.posix.Posix;
import io.jarbiter.posix.PosixException;
import io.jarbiter.posix.Reaped;
import io.jarbiter.process.WorkerContract;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Spawns worker JVMs with {@code posix_spawn} (never ProcessBuilder: the master reaps with {@code waitpid(-1)},
 * which would steal the JDK's own children), signals and reaps them. A worker gets its command line
 * ({@link WorkerCommandLine}), its environment ({@link WorkerEnvironment}), the listeners as fds 3.., its files
 * after them ({@link WorkerFiles}), then the lock of the code snapshot it runs from ({@link CodeSnapshots}),
 * nothing else, and the blocked signal mask (WorkerContract). Main thread only.
 */
public final class PosixSpawner implements WorkerSpawner {
    private final Posix posix = Posix.get();
    private final CodeSnapshots code;
    private final WorkerEnvironment environment;
    private final WorkerCommandLine commandLine;
    private final WorkerFiles files;

    public PosixSpawner(String java, String jarbiterClasspath, Map<String, String> baseEnvironment, long masterPid, CodeSnapshots code) {
        this.code = code;
        this.environment = new WorkerEnvironment(baseEnvironment, masterPid);
        this.commandLine = new WorkerCommandLine(java, jarbiterClasspath, code, environment);
        this.files = new WorkerFiles(masterPid);
    }

    /** How this spawner's workers are started ({@code --check-config} and {@code --build-archive} use it directly). */
    public WorkerCommandLine commandLine() {
        return commandLine;
    }

    @Override
    public Spawned spawn(WorkerSpec spec) throws IOException {
        Config config = spec.config();
        List<String> argv = commandLine.argv(config, spec.plan()); // first, so that a refused JVM leaves no files behind
        WorkerTmp tmp = files.open(config, spec.age(), spec.plan());
        int codeLock = code.of(config).lockFd(); // taken by argv() above
        int[] fds = concat(spec.listenerFds(), files.inheritedFds(tmp), codeLock >= 0 ? new int[] {codeLock} : new int[0]);
        try {
            int pid = posix.spawn(commandLine.java(), argv, environment.worker(spec, tmp.boardSlot()), fds, WorkerContract.WORKER_SIGNALS);
            return new Spawned(pid, tmp);
        } catch (PosixException e) {
            tmp.close();
            throw e;
        }
    }

    /** The fds in the order of the contract (the code lock last: held, never read, the copy stays while the worker runs). */
    private static int[] concat(int[]... parts) {
        int[] all = new int[java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    @Override
    public boolean hasTraffic() {
        return files.hasTraffic();
    }

    @Override
    public boolean kill(int pid, int sig) {
        try {
            return posix.kill(pid, sig);
        } catch (PosixException e) {
            return false;
        }
    }

    @Override
    public List<Reaped> reap() {
        List<Reaped> reaped = new ArrayList<>();
        try {
            for (Reaped r = posix.reapOne(); r != null; r = posix.reapOne()) {
                reaped.add(r);
            }
        } catch (PosixException e) {
            // nothing to reap (ECHILD is already mapped to null); keep what we have
        }
        if (!reaped.isEmpty()) code.removeReleased(); // the last worker of an old generation let go of its copy
        return reaped;
    }

    @Override
    public void retainCode(List<Config> live) {
        code.retain(live);
    }
}
