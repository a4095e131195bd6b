package io.jarbiter.worker;

import io.jarbiter.conf.Config;
import io.jarbiter.logging.LogSetup;
import io.jarbiter.posix.Posix;
import io.jarbiter.worker.internal.WorkerProcess;
import io.jarbiter.worker.internal.WorkerSettings;

/**
 * Entry point of a worker JVM. Only the master starts it (through {@code posix_spawn}, with the fds,
 * signal mask and environment of {@link WorkerContract}); started any other way it exits 2.
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
        LogSetup.configure(ProcessHandle.current().pid(), config.errorlog(), config.loglevel(), config.accesslog(), config.logFormat());
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
}
