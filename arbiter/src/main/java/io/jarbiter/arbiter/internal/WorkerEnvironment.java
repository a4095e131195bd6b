package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.process.WorkerContract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker's environment: the master's own minus its markers ({@link MasterExec#workerBaseEnvironment}), then
 * {@code env} from app.yaml, then the contract's variables ({@link WorkerContract#workerEnvironment}).
 */
final class WorkerEnvironment {
    private final Map<String, String> base;
    private final long masterPid;

    WorkerEnvironment(Map<String, String> base, long masterPid) {
        this.base = Map.copyOf(base);
        this.masterPid = masterPid;
    }

    /** What the worker JVM itself sees of the environment, before the contract's variables (they only matter to worker code). */
    Map<String, String> jvm(Config config) {
        Map<String, String> env = new LinkedHashMap<>(base);
        env.putAll(config.env());
        return env;
    }

    /** The whole environment of {@code spec}'s worker, as {@code posix_spawn} takes it; {@code boardSlot} -1: no board. */
    List<String> worker(WorkerSpec spec, int boardSlot) {
        Map<String, String> env = jvm(spec.config());
        env.putAll(WorkerContract.workerEnvironment(spec.listenerFds().length, spec.config().toEnvString(),
                spec.age(), spec.generation(), masterPid, spec.plan(), boardSlot));
        return envp(env);
    }

    /** {@code NAME=value} strings. */
    static List<String> envp(Map<String, String> env) {
        List<String> envp = new ArrayList<>(env.size());
        env.forEach((k, v) -> envp.add(k + "=" + v));
        return envp;
    }
}
