package io.jarbiter.worker.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.conf.ConfigException;
import io.jarbiter.process.BootPlan;
import io.jarbiter.process.WorkerContract;
import java.util.Map;

/**
 * What a worker learns from its environment (the master↔worker contract): how many listening fds it
 * inherited, its age, generation and master, the effective configuration of its generation, the plan the
 * master made for its boot ({@link WorkerContract#ENV_BOOT_PLAN}), and its slot on the connection board
 * ({@link WorkerContract#ENV_BOARD_SLOT}; -1: none).
 */
public record WorkerSettings(int listeners, int age, int generation, long masterPid, Config config, int ioThreads, BootPlan plan,
                             int boardSlot) {

    public static WorkerSettings fromEnvironment(Map<String, String> env) throws ConfigException {
        String configText = env.get(WorkerContract.ENV_CONFIG);
        if (configText == null) {
            throw new IllegalStateException("this is a jarbiter worker and must be started by bin/jarbiter ("
                    + WorkerContract.ENV_CONFIG + " is not set)");
        }
        Config config = Config.fromEnvString(configText);
        int cpus = Runtime.getRuntime().availableProcessors();
        return new WorkerSettings(
                Integer.parseInt(env.getOrDefault(WorkerContract.ENV_LISTEN_FDS, "0")),
                Integer.parseInt(env.getOrDefault(WorkerContract.ENV_AGE, "0")),
                Integer.parseInt(env.getOrDefault(WorkerContract.ENV_GENERATION, "0")),
                Long.parseLong(env.getOrDefault(WorkerContract.ENV_MASTER_PID, "0")),
                config,
                ioThreads(cpus, config.workers()),
                BootPlan.decode(env.get(WorkerContract.ENV_BOOT_PLAN)),
                Integer.parseInt(env.getOrDefault(WorkerContract.ENV_BOARD_SLOT, "-1")));
    }

    /** {@link BootPlan#training}: boots only to build the class-data archive. */
    public boolean training() {
        return plan.training();
    }

    /** {@link BootPlan#warmUp}: warms up before its first accept. */
    public boolean warmUp() {
        return plan.warmUp();
    }

    /**
     * IO threads per worker: the machine's cores shared among the workers, at least one, at most two.
     * Like nginx's one event loop per worker process: more IO threads than cores only add context
     * switches between the workers.
     */
    static int ioThreads(int cpus, int workers) {
        return Math.max(1, Math.min(2, cpus / Math.max(1, workers)));
    }
}
