package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.hooks.internal.HookLoadException;
import io.jarbiter.worker.WorkerContract;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --check-config}: the configuration parsed (or we would not be here); now check that every
 * {@code classpath} entry exists and every service and hook class can be found there, without
 * initialising any of them, and that the worker JVM starts with {@code jvm_args} (WorkerJvmCheck).
 * Prints each problem on its own line; exit 0 when there is none.
 */
public final class ConfigCheck {
    private ConfigCheck() {}

    /** Why the worker JVM refuses a configuration's options; empty when it starts. */
    public interface JvmCheck {
        Optional<String> refusal(Config config) throws IOException;
    }

    public static int run(Config config, JvmCheck jvm, PrintStream out, PrintStream err) {
        if (!config.serviceConfigWarnings().isEmpty()) { // a near-miss of a nameko key would run on its default
            config.serviceConfigWarnings().forEach(err::println);
            return WorkerContract.EXIT_ERROR;
        }
        List<String> problems = new ArrayList<>();
        for (Path p : config.classpath()) {
            if (!Files.exists(p)) {
                problems.add(config.appYaml() + ": 'classpath' entry " + p + " does not exist; build the app or fix the path");
            }
        }
        ClassLoader loader;
        try {
            loader = MasterHooks.appClassLoader(config);
        } catch (HookLoadException e) {
            err.println(e.getMessage());
            return WorkerContract.EXIT_ERROR;
        }
        checkClasses(config, "services", config.services(), loader, problems);
        checkClasses(config, "hooks", config.hooks(), loader, problems);
        try {
            jvm.refusal(config).ifPresent(problems::add);
        } catch (IOException e) {
            problems.add(e.getMessage());
        }
        problems.forEach(err::println);
        if (!problems.isEmpty()) return WorkerContract.EXIT_ERROR;
        out.println("Config OK: " + config.appYaml() + " (" + config.services().size() + " service(s), "
                + config.hooks().size() + " hook class(es), " + config.workers() + " worker(s))");
        return WorkerContract.EXIT_OK;
    }

    private static void checkClasses(Config config, String key, List<String> names, ClassLoader loader, List<String> problems) {
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                problems.add(config.appYaml() + ": '" + key + "' names class " + name + ", which is not on the classpath "
                        + config.classpath() + "; fix the name or add its jar to 'classpath'");
            }
        }
    }
}
