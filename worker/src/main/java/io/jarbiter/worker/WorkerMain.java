package io.jarbiter.worker;

import io.jarbiter.process.WorkerContract;
import io.jarbiter.conf.Config;
import io.jarbiter.logging.LogSetup;
import io.jarbiter.posix.Posix;
import io.jarbiter.worker.internal.AppCheck;
import io.jarbiter.worker.internal.WorkerProcess;
import io.jarbiter.worker.internal.WorkerSettings;

/**
 * Entry point of a worker JVM. Only the master starts it (through {@code posix_spawn}, with the fds,
 * signal mask and environment of {@link WorkerContract}); started any other way it exits 2. With
 * {@link WorkerContract#CHECK_ARG} it only checks the application ({@code --check-config}) and exits.
 */
public final class WorkerMain {
    private WorkerMain() {}

    public static void main(String[] args) {
        WorkerSettings settings;
        try {
            settings = WorkerSettings.fromEnvironment(System.getenv());
        } catch (Exception e) {
            System.err.println("jarbiter worker: " + e.getMessage());
            System.exit(WorkerContract.EXIT_USAGE);
            return;
        }
        Config config = settings.config();
        if (args.length == 1 && args[0].equals(WorkerContract.CHECK_ARG)) {
            check(config);
            return;
        }
        LogSetup.configure(ProcessHandle.current().pid(), config, true);
        // a thread that dies by an exception says so in the error log's format, with the thread's name
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> org.slf4j.LoggerFactory.getLogger("jarbiter.worker")
                .error("Uncaught exception in thread '{}': {}", thread.getName(), e.toString(), e));
        if (config.user().isPresent()) {
            // before any application class is loaded; the master has given us our heartbeat and logs
            try {
                Posix posix = Posix.get();
                posix.dropPrivileges(posix.credentials(config.user().get(), config.group().orElse(null)));
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger("jarbiter.worker").error("Cannot run as user '{}'{}: {}", config.user().get(),
                        config.group().map(g -> " group '" + g + "'").orElse(""), e.getMessage());
                System.err.flush();
                Runtime.getRuntime().halt(WorkerContract.WORKER_BOOT_ERROR);
            }
        }
        int code;
        try {
            code = new WorkerProcess(settings).run();
        } catch (Throwable t) {
            org.slf4j.LoggerFactory.getLogger("jarbiter.worker").error("Worker crashed: {}", t.toString(), t);
            code = WorkerContract.EXIT_ERROR;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    /** {@code --check-config}'s worker ({@link WorkerContract#CHECK_ARG}): as the boot's user, logging to stderr. */
    private static void check(Config config) {
        LogSetup.configure(ProcessHandle.current().pid(), "-", config.loglevel(), null, config.logFormat());
        int code;
        try {
            code = AppCheck.run(config, WorkerMain.class.getClassLoader(), System.out);
        } catch (Throwable t) {
            System.out.println(WorkerContract.CHECK_PROBLEM + "cannot check the application in a worker JVM: " + t);
            code = WorkerContract.EXIT_ERROR;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }
}
