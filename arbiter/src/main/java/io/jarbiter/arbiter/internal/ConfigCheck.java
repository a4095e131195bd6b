package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.hooks.ArbiterHooks;
import io.jarbiter.hooks.internal.HookLoadException;
import io.jarbiter.hooks.internal.HookSet;
import io.jarbiter.process.WorkerContract;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --check-config}: the configuration parsed (or we would not be here); now everything the start does
 * before it serves, short of starting anything. The master loads its hook classes as it does at start
 * (instantiated, never called); then a worker JVM, with the workers' options and class path, loads the
 * worker hooks and every service and builds its model ({@link WorkerContract#CHECK_ARG}): what would fail a
 * boot with {@code APP_LOAD_ERROR(4)} fails here with the same line, and a JVM that refuses {@code jvm_args}
 * fails as at start. Every problem is printed on its own line, each once. The exit code is the one the start
 * would exit with: 1 when the master itself would refuse (a hook class, the worker JVM), else 4 for the
 * application ({@code classpath}, services, worker hooks), 0 when there is no problem.
 */
public final class ConfigCheck {
    private ConfigCheck() {}

    /** Runs the application check in a worker JVM of a configuration. */
    public interface WorkerCheck {
        WorkerJvmCheck.Run run(Config config) throws IOException;
    }

    public static int run(Config config, WorkerCheck worker, PrintStream out, PrintStream err) {
        Map<String, Integer> problems = new LinkedHashMap<>(); // line -> the exit code it stands for
        // a near-miss of a nameko key would silently run on its default: the master refuses to call that OK
        config.serviceConfigWarnings().forEach(w -> problems.put(w, WorkerContract.EXIT_ERROR));
        for (Path p : config.classpath()) {
            if (!Files.exists(p)) {
                problems.putIfAbsent(config.appYaml() + ": 'classpath' entry " + p + " does not exist; build the app or fix the path",
                        WorkerContract.APP_LOAD_ERROR);
            }
        }
        String tls = ListenerTlsCheck.problem(config);
        if (tls != null) problems.put(tls, WorkerContract.EXIT_ERROR);
        ClassLoader loader;
        try {
            loader = MasterHooks.appClassLoader(config);
        } catch (HookLoadException e) {
            err.println(e.getMessage());
            return WorkerContract.EXIT_ERROR;
        }
        for (String hook : config.hooks()) {
            try {
                HookSet.load(List.of(hook), ArbiterHooks.class, loader);
            } catch (HookLoadException e) {
                problems.putIfAbsent(e.getMessage(), WorkerContract.EXIT_ERROR);
            }
        }
        try {
            checkInWorker(config, worker.run(config), problems);
        } catch (IOException e) {
            problems.putIfAbsent(e.getMessage(), WorkerContract.EXIT_ERROR);
        }
        problems.keySet().forEach(err::println);
        if (!problems.isEmpty()) return problems.containsValue(WorkerContract.EXIT_ERROR) ? WorkerContract.EXIT_ERROR : WorkerContract.APP_LOAD_ERROR;
        out.println("Config OK: " + config.appYaml() + " (" + config.services().size() + " service(s), "
                + config.hooks().size() + " hook class(es), " + config.workers() + " worker(s))");
        return WorkerContract.EXIT_OK;
    }

    /** Reads what the checking worker said into {@code problems}. */
    private static void checkInWorker(Config config, WorkerJvmCheck.Run run, Map<String, Integer> problems) {
        List<String> said = run.output().lines().filter(l -> l.startsWith(WorkerContract.CHECK_PROBLEM))
                .map(l -> l.substring(WorkerContract.CHECK_PROBLEM.length())).toList();
        int code = run.exitCode() == WorkerContract.APP_LOAD_ERROR ? WorkerContract.APP_LOAD_ERROR : WorkerContract.EXIT_ERROR;
        said.forEach(line -> problems.putIfAbsent(line, code));
        if (!said.isEmpty() || run.exitCode() == WorkerContract.EXIT_OK) return;
        if (run.timedOut()) {
            problems.putIfAbsent("the worker JVM did not finish loading the application within worker_boot_timeout ("
                    + config.workerBootTimeout().toSeconds() + " s): a service's static initializer, constructor or annotation factory"
                    + " hangs, or the timeout is too short for this app" + said(run), WorkerContract.EXIT_ERROR);
        } else if (run.exitCode() == WorkerContract.EXIT_ERROR) {
            // the JVM itself exits 1 before any worker code runs when it refuses its options
            problems.putIfAbsent(WorkerJvmRejected.of(config, run.java(), WorkerJvmCheck.firstLines(run.output())).getMessage(),
                    WorkerContract.EXIT_ERROR);
            checkServiceClassesHere(config, problems);
        } else {
            problems.putIfAbsent("the worker JVM exited with " + (run.exitCode() < 0 ? "a signal" : WorkerContract.exitCodeName(run.exitCode()))
                    + " while loading the application" + said(run), WorkerContract.EXIT_ERROR);
        }
    }

    private static String said(WorkerJvmCheck.Run run) {
        String said = WorkerJvmCheck.firstLines(run.output());
        return said.isEmpty() ? "" : ": " + said;
    }

    /**
     * When no worker JVM starts, at least the service classes are looked for, without initialising them, in a
     * class loader that is thrown away: the master never keeps a service class.
     */
    private static void checkServiceClassesHere(Config config, Map<String, Integer> problems) {
        ClassLoader loader;
        try {
            loader = MasterHooks.appClassLoader(config);
        } catch (HookLoadException e) {
            return; // reported already
        }
        for (String name : config.services()) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                problems.putIfAbsent(config.appYaml() + ": 'services' names class " + name + ", which is not on the classpath "
                        + config.classpath() + "; fix the name or add its jar to 'classpath'", WorkerContract.APP_LOAD_ERROR);
            }
        }
    }
}
