package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.posix.Posix;
import io.jarbiter.posix.PosixException;
import io.jarbiter.posix.ProcessName;
import io.jarbiter.posix.Reaped;
import io.jarbiter.process.ConnectionBoard;
import io.jarbiter.process.Scoreboard;
import io.jarbiter.process.WorkerContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Spawns worker JVMs with {@code posix_spawn} (never ProcessBuilder: the master reaps with
 * {@code waitpid(-1)}, which would steal the JDK's own children). Each worker gets the listeners as
 * fds 3.., its heartbeat, scoreboard and connection board files after them, then the lock of the code snapshot it
 * runs from ({@link CodeSnapshots}), nothing else, and the blocked signal mask (WorkerContract).
 */
public final class PosixSpawner implements WorkerSpawner {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.arbiter");
    private final Posix posix = Posix.get();
    private final String java;
    private final String jarbiterClasspath;
    private final Map<String, String> baseEnvironment;
    private final long masterPid;
    /** Each generation's copy of the class path, shared with the master's hook loader. */
    private final CodeSnapshots code;
    /** The workers run the master's own java: its version decides which options they know. */
    private final Runtime.Version jdk = Runtime.version();
    /** Where a {@code --build-archive} worker writes the archive; null for serving workers. */
    private final Path trainingOutput;
    /** The archive file last chosen (or "" for none), so its INFO line is logged once per change. */
    private String archiveInUse;
    /** The worker command line {@link WorkerJvmCheck} last passed, and the archive it passed with (null: none). */
    private String checkedKey;
    private ClassDataArchive checkedArchive;
    /** The connection board all serving workers share (created at the first spawn), its fd, and whether it failed. */
    private ConnectionBoard board;
    private int boardFd = -1;
    private boolean noBoard;

    public PosixSpawner(String java, String jarbiterClasspath, Map<String, String> baseEnvironment, long masterPid, CodeSnapshots code) {
        this(java, jarbiterClasspath, baseEnvironment, masterPid, code, null);
    }

    private PosixSpawner(String java, String jarbiterClasspath, Map<String, String> baseEnvironment, long masterPid, CodeSnapshots code,
                         Path trainingOutput) {
        this.java = java;
        this.jarbiterClasspath = jarbiterClasspath;
        this.baseEnvironment = Map.copyOf(baseEnvironment);
        this.masterPid = masterPid;
        this.code = code;
        this.trainingOutput = trainingOutput;
    }

    /** A spawner whose workers build the class-data archive into {@code output} as they exit. */
    PosixSpawner forTraining(Path output) {
        return new PosixSpawner(java, jarbiterClasspath, baseEnvironment, masterPid, code, output);
    }

    @Override
    public Spawned spawn(WorkerSpec spec) throws IOException {
        Config config = spec.config();
        List<String> argv = argv(config, besideTraffic(spec)); // first, so that a refused JVM leaves no heartbeat file behind
        ConnectionBoard board = board(config);
        PosixHeartbeat heartbeat = PosixHeartbeat.create(config.workerTmpDir(), masterPid, spec.age(), board);
        try {
            // a worker that drops to 'user' must still write its files: they become its own
            Posix.Credentials user = WorkerUser.resolve(config).orElse(null);
            if (user != null) {
                posix.fchown(heartbeat.fd(), user.uid(), user.gid());
                posix.fchown(heartbeat.scoreboardFd(), user.uid(), user.gid());
                if (board != null) posix.fchown(boardFd, user.uid(), user.gid());
            }
        } catch (PosixException | HaltException e) {
            heartbeat.close();
            throw new IOException(e.getMessage(), e);
        }
        boolean onBoard = heartbeat.boardSlot() >= 0;
        int codeLock = code.of(config).lockFd(); // taken by argv() above
        int[] fds = new int[spec.listenerFds().length + (onBoard ? 3 : 2) + (codeLock >= 0 ? 1 : 0)];
        System.arraycopy(spec.listenerFds(), 0, fds, 0, spec.listenerFds().length);
        int n = spec.listenerFds().length;
        fds[n] = heartbeat.fd();
        fds[n + 1] = heartbeat.scoreboardFd();
        if (onBoard) fds[n + 2] = boardFd;
        if (codeLock >= 0) fds[fds.length - 1] = codeLock; // held, never read: the copy stays while this worker runs
        try {
            int pid = posix.spawn(java, argv, envp(spec, heartbeat.boardSlot()), fds, WorkerContract.WORKER_SIGNALS);
            return new Spawned(pid, heartbeat);
        } catch (PosixException e) {
            heartbeat.close();
            throw e;
        }
    }

    /**
     * The connection board of this master's serving workers, created in worker_tmp_dir at the first spawn and
     * unlinked at once (null for a training worker, or if it cannot be created: workers then accept without
     * balancing).
     */
    private ConnectionBoard board(Config config) {
        if (board != null || noBoard || trainingOutput != null) return board;
        Path file = config.workerTmpDir().resolve("jarbiter-" + masterPid + "-board-" + System.nanoTime());
        try {
            int fd = posix.createFile(file);
            try {
                board = ConnectionBoard.create(file);
            } catch (IOException e) {
                posix.close(fd);
                throw e;
            } finally {
                posix.unlink(file);
            }
            boardFd = posix.dupHigh(fd, Listeners.HIGH_FD);
        } catch (IOException e) {
            noBoard = true;
            LOG.warn("Workers accept without balancing connections among themselves: cannot create the connection board in {}: {}",
                    config.workerTmpDir(), e.getMessage());
        }
        return board;
    }

    /**
     * Whether {@code spec}'s worker boots while other workers serve traffic: they serve, and the connection board
     * shows traffic ({@link ConnectionBoard#hasTraffic}, the reading the new worker's warm-up makes too; without a
     * board: assumed).
     */
    private boolean besideTraffic(WorkerSpec spec) {
        return spec.warmUp() && (board == null || board.hasTraffic(System.nanoTime()));
    }

    /** The worker's command line; {@code besideTraffic}: it boots while other workers serve traffic (see {@link WorkerJvmOptions#forLoneBoot}). */
    List<String> argv(Config config, boolean besideTraffic) throws IOException {
        List<String> options = WorkerJvmOptions.forWorker(config, jdk);
        String classpath = classpath(config);
        List<String> argv = new ArrayList<>();
        argv.add(java);
        argv.add(ProcessName.marker(ProcessName.WORKER, config)); // ps tells the workers apart
        argv.addAll(options);
        if (trainingOutput != null) {
            argv.addAll(locateArchive(config, options, classpath).archive().orElseThrow().trainingOptions(trainingOutput));
        } else {
            List<String> archive = checkedArchiveOptions(config, options, classpath);
            argv.addAll(archive);
            // runtime options, outside the archive's fingerprint: one archive serves both kinds of boot
            if (!archive.isEmpty() && !besideTraffic) argv.addAll(WorkerJvmOptions.forLoneBoot(config, jdk));
        }
        argv.add("-cp");
        argv.add(classpath);
        argv.add(WorkerContract.WORKER_MAIN);
        return argv;
    }

    /**
     * The archive options of a worker whose JVM is known to start: the first spawn of every new command line
     * (JDK, options, archive, class path, environment) runs {@link WorkerJvmCheck} first, with the archive and,
     * if the JVM refuses it, without. Throws {@link WorkerJvmRejected} when the JVM does not start either way.
     */
    private List<String> checkedArchiveOptions(Config config, List<String> options, String classpath) throws IOException {
        ClassDataArchive.Result located = locateArchive(config, options, classpath);
        ClassDataArchive archive = located.archive().filter(ClassDataArchive::exists).orElse(null);
        List<String> env = checkEnvironment(config);
        // not the class path: each reload with new code has a new copy, and without an archive it changes nothing for the JVM
        String key = String.join("\n", java, String.join(" ", options), archive == null ? "" : archive.file().toString(), String.join("\n", env));
        if (!key.equals(checkedKey)) {
            checkedArchive = check(config, options, archive, classpath, env, located.whyNot());
            checkedKey = key;
        }
        return checkedArchive == null ? List.of() : checkedArchive.useOptions();
    }

    private ClassDataArchive check(Config config, List<String> options, ClassDataArchive archive, String classpath,
                                   List<String> env, String whyNoArchive) throws IOException {
        String refusedArchive = null;
        if (archive != null) {
            // with the lone boot's options too: a JDK that no longer knows them refuses here, not in every worker
            WorkerJvmCheck.Outcome with = WorkerJvmCheck.run(java, concat(options, archive.useOptions(), WorkerJvmOptions.forLoneBoot(config, jdk),
                    List.of("-cp", classpath)), env, config.workerTmpDir());
            if (with.started()) {
                logChoice(archive.file().toString(), "Workers use the " + archive.kind() + " " + archive.file());
                return archive;
            }
            refusedArchive = with.output();
        }
        WorkerJvmRejected refused = refusalWithoutArchive(config, options, classpath, env);
        if (refused != null) throw refused;
        if (refusedArchive != null) {
            logChoice("", "Workers start without the " + archive.kind() + " " + archive.file() + ": the worker JVM cannot use it with these options ("
                    + refusedArchive + "); they boot slower without it until jvm_args change");
        } else if (config.jvmArchiveDir().isPresent()) {
            logChoice("", "Workers start without a class-data archive: " + (whyNoArchive != null ? whyNoArchive
                    : "none built for this JDK, class path and jvm_args (bin/jarbiter --build-archive " + config.appYaml() + " builds it)"));
        }
        return null;
    }

    /**
     * {@code --check-config}: a worker JVM of {@code config} (its options, class path in place - a check takes no snapshot - and environment, no archive)
     * checks the application ({@link WorkerContract#CHECK_ARG}) within {@code worker_boot_timeout}.
     */
    public WorkerJvmCheck.Run checkApp(Config config) throws IOException {
        Map<String, String> env = jvmEnvironment(config);
        env.put(WorkerContract.ENV_CONFIG, config.toEnvString());
        return WorkerJvmCheck.exec(java, concat(WorkerJvmOptions.forWorker(config, jdk),
                List.of("-cp", classpath(CodeSnapshot.inPlace(config.classpath())), WorkerContract.WORKER_MAIN, WorkerContract.CHECK_ARG)), envp(env), config.workerTmpDir(),
                config.workerBootTimeout());
    }

    /** Runs the worker JVM without any archive; what it refused, or null when it starts. */
    private WorkerJvmRejected refusalWithoutArchive(Config config, List<String> options, String classpath, List<String> env) throws IOException {
        WorkerJvmCheck.Outcome outcome = WorkerJvmCheck.run(java, concat(options, List.of("-cp", classpath)), env, config.workerTmpDir());
        return outcome.started() ? null : WorkerJvmRejected.of(config, java, outcome.output());
    }

    /** Logs the archive choice once per change (one INFO line, not one per spawn). */
    private void logChoice(String choice, String line) {
        if (choice.equals(archiveInUse)) return;
        archiveInUse = choice;
        LOG.info(line);
    }

    /** What the worker JVM itself sees of the environment (the contract variables only matter to worker code). */
    private List<String> checkEnvironment(Config config) {
        return envp(jvmEnvironment(config));
    }

    private Map<String, String> jvmEnvironment(Config config) {
        Map<String, String> env = new LinkedHashMap<>(baseEnvironment);
        env.putAll(config.env());
        return env;
    }

    private static List<String> envp(Map<String, String> env) {
        List<String> envp = new ArrayList<>(env.size());
        env.forEach((k, v) -> envp.add(k + "=" + v));
        return envp;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) all.addAll(p);
        return all;
    }

    ClassDataArchive.Result locateArchive(Config config, List<String> options, String classpath) {
        return noArchive(config).orElseGet(() -> ClassDataArchive.locate(config.jvmArchiveDir().orElseThrow(), java, jdk.feature(), options, classpath));
    }

    /** Why {@code config}'s workers can have no archive at all, if they cannot. */
    private static Optional<ClassDataArchive.Result> noArchive(Config config) {
        if (config.jvmArchiveDir().isEmpty()) return Optional.of(new ClassDataArchive.Result(Optional.empty(), "jvm_archive_dir is off"));
        for (Path entry : config.classpath()) { // named as app.yaml has it, not as its copy
            if (Files.isDirectory(entry)) return Optional.of(new ClassDataArchive.Result(Optional.empty(), ClassDataArchive.hasDirectory(entry)));
        }
        return Optional.empty();
    }

    /** The archive a worker of {@code config} would use (for {@code --build-archive}: its key names the same copy as the workers'). */
    ClassDataArchive.Result locateArchive(Config config) throws IOException {
        Optional<ClassDataArchive.Result> none = noArchive(config); // before copying the class path for nothing
        if (none.isPresent()) return none.get();
        return locateArchive(config, WorkerJvmOptions.forWorker(config, jdk), classpath(config));
    }

    /**
     * jarbiter's own jars first, then the application's entries (on the class path so CDS can map them): those
     * of the generation's code snapshot, taken at its first call for this configuration.
     */
    private String classpath(Config config) throws IOException {
        return classpath(code.of(config));
    }

    private String classpath(CodeSnapshot snapshot) {
        StringBuilder cp = new StringBuilder(jarbiterClasspath);
        for (Path entry : snapshot.classpath()) {
            cp.append(File.pathSeparatorChar).append(entry);
        }
        return cp.toString();
    }

    private List<String> envp(WorkerSpec spec, int boardSlot) {
        Map<String, String> env = jvmEnvironment(spec.config());
        env.putAll(WorkerContract.workerEnvironment(spec.listenerFds().length, spec.config().toEnvString(),
                spec.age(), spec.generation(), masterPid, spec.warmUp(), boardSlot));
        if (trainingOutput != null) env.put(WorkerContract.ENV_TRAINING, "1");
        return envp(env);
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

    /**
     * The heartbeat and scoreboard files: created in worker_tmp_dir, unlinked at once, kept open as
     * fds (the scoreboard stays readable after the worker exits, until {@link #close}); and the worker's
     * slot on the connection board, cleared and freed by {@link #close} (when the master has reaped it).
     */
    static final class PosixHeartbeat implements Heartbeat {
        private final int fd;
        private final int scoreboardFd;
        private final ConnectionBoard board;
        private final int boardSlot;
        private boolean closed;

        private PosixHeartbeat(int fd, int scoreboardFd, ConnectionBoard board) {
            this.fd = fd;
            this.scoreboardFd = scoreboardFd;
            this.board = board;
            this.boardSlot = board == null ? -1 : board.claim();
        }

        static PosixHeartbeat create(Path dir, long masterPid, int age, ConnectionBoard board) throws PosixException {
            int fd = privateFile(dir, masterPid, age, ".hb");
            try {
                return new PosixHeartbeat(fd, privateFile(dir, masterPid, age, ".sb"), board);
            } catch (PosixException e) {
                Posix.get().close(fd);
                throw e;
            }
        }

        private static int privateFile(Path dir, long masterPid, int age, String suffix) throws PosixException {
            Posix posix = Posix.get();
            Path file = dir.resolve("jarbiter-" + masterPid + "-" + age + "-" + System.nanoTime() + suffix);
            int fd = posix.createFile(file);
            posix.unlink(file);
            return posix.dupHigh(fd, Listeners.HIGH_FD);
        }

        int fd() {
            return fd;
        }

        int scoreboardFd() {
            return scoreboardFd;
        }

        /** -1: not on the board (none, or all its slots taken). */
        int boardSlot() {
            return boardSlot;
        }

        @Override
        public Scoreboard scoreboard() {
            byte[] raw = new byte[Scoreboard.SIZE];
            try {
                return Posix.get().pread(scoreboardFd, raw, 0) == raw.length ? Scoreboard.decode(raw) : Scoreboard.empty();
            } catch (PosixException e) {
                return Scoreboard.empty();
            }
        }

        @Override
        public long lastBeatNanos() {
            try {
                return Posix.get().ctimeNanos(fd);
            } catch (PosixException e) {
                return 0;
            }
        }

        @Override
        public void close() {
            if (closed) return; // the fds and the slot may already belong to someone else
            closed = true;
            Posix.get().close(fd);
            Posix.get().close(scoreboardFd);
            if (board != null) board.release(boardSlot);
        }
    }
}
