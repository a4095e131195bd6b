package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.posix.ProcessName;
import io.jarbiter.process.BootPlan;
import io.jarbiter.process.WorkerContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A worker's command line: the master's own java, the JVM options ({@link WorkerJvmOptions}), the class-data
 * archive's options when one exists for them ({@link ClassDataArchive}), the class path (jarbiter's jars, then the
 * generation's code snapshot) and the worker's main class. The first command line of each new kind is tried once
 * ({@link WorkerJvmCheck}) before a worker gets it. Main thread only.
 */
public final class WorkerCommandLine {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.arbiter");
    private final String java;
    private final String jarbiterClasspath;
    /** Each generation's copy of the class path, shared with the master's hook loader. */
    private final CodeSnapshots code;
    private final WorkerEnvironment environment;
    /** The workers run the master's own java: its version decides which options they know. */
    private final Runtime.Version jdk = Runtime.version();
    /** The archive file last chosen (or "" for none), so its INFO line is logged once per change. */
    private String archiveInUse;
    /** The worker command line {@link WorkerJvmCheck} last passed, and the archive it passed with (null: none). */
    private String checkedKey;
    private ClassDataArchive checkedArchive;

    WorkerCommandLine(String java, String jarbiterClasspath, CodeSnapshots code, WorkerEnvironment environment) {
        this.java = java;
        this.jarbiterClasspath = jarbiterClasspath;
        this.code = code;
        this.environment = environment;
    }

    String java() {
        return java;
    }

    /**
     * The command line of a worker of {@code config} that boots as {@code plan} says: a training worker writes the
     * archive at its exit ({@link ClassDataArchive#trainingOutput}); a worker that does not warm up gets
     * {@link WorkerJvmOptions#withoutWarmUp} after the archive's options. Takes the generation's code snapshot.
     */
    List<String> argv(Config config, BootPlan plan) throws IOException {
        List<String> options = WorkerJvmOptions.forWorker(config, jdk);
        String classpath = classpath(config);
        List<String> argv = new ArrayList<>();
        argv.add(java);
        argv.add(ProcessName.marker(ProcessName.WORKER, config)); // ps tells the workers apart
        argv.addAll(options);
        if (plan.training()) {
            ClassDataArchive archive = locateArchive(config, options, classpath).archive().orElseThrow();
            argv.addAll(archive.trainingOptions(archive.trainingOutput()));
        } else {
            List<String> archive = checkedArchiveOptions(config, options, classpath);
            argv.addAll(archive);
            // runtime options, outside the archive's fingerprint: one archive serves both kinds of boot
            if (!archive.isEmpty() && !plan.warmUp()) argv.addAll(WorkerJvmOptions.withoutWarmUp(config, jdk));
        }
        argv.add("-cp");
        argv.add(classpath);
        argv.add(WorkerContract.WORKER_MAIN);
        return argv;
    }

    /**
     * {@code --check-config}: a worker JVM of {@code config} (its options, class path in place - a check takes no snapshot - and environment, no archive)
     * checks the application ({@link WorkerContract#CHECK_ARG}) within {@code worker_boot_timeout}.
     */
    public WorkerJvmCheck.Run checkApp(Config config) throws IOException {
        Map<String, String> env = environment.jvm(config);
        env.put(WorkerContract.ENV_CONFIG, config.toEnvString());
        return WorkerJvmCheck.exec(java, concat(WorkerJvmOptions.forWorker(config, jdk),
                List.of("-cp", classpath(CodeSnapshot.inPlace(config.classpath())), WorkerContract.WORKER_MAIN, WorkerContract.CHECK_ARG)),
                WorkerEnvironment.envp(env), config.workerTmpDir(), config.workerBootTimeout());
    }

    /** The archive a worker of {@code config} would use (for {@code --build-archive}: its key names the same copy as the workers'). */
    ClassDataArchive.Result locateArchive(Config config) throws IOException {
        Optional<ClassDataArchive.Result> none = noArchive(config); // before copying the class path for nothing
        if (none.isPresent()) return none.get();
        return locateArchive(config, WorkerJvmOptions.forWorker(config, jdk), classpath(config));
    }

    /**
     * The archive options of a worker whose JVM is known to start: the first spawn of every new command line
     * (JDK, options, archive, class path, environment) runs {@link WorkerJvmCheck} first, with the archive and,
     * if the JVM refuses it, without. Throws {@link WorkerJvmRejected} when the JVM does not start either way.
     */
    private List<String> checkedArchiveOptions(Config config, List<String> options, String classpath) throws IOException {
        ClassDataArchive.Result located = locateArchive(config, options, classpath);
        ClassDataArchive archive = located.archive().filter(ClassDataArchive::exists).orElse(null);
        List<String> env = WorkerEnvironment.envp(environment.jvm(config));
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
            // with the options of a boot without warm-up too: a JDK that no longer knows them refuses here, not in every worker
            WorkerJvmCheck.Outcome with = WorkerJvmCheck.run(java, concat(options, archive.useOptions(), WorkerJvmOptions.withoutWarmUp(config, jdk),
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

    private ClassDataArchive.Result locateArchive(Config config, List<String> options, String classpath) {
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

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) all.addAll(p);
        return all;
    }
}
