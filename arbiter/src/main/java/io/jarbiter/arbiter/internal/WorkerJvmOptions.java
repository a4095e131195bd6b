package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.worker.WorkerContract;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The JVM options of a worker, in order: the contract's flags (signals, opens), the tuned defaults the
 * user's {@code jvm_args} do not override, then {@code jvm_args} themselves. HotSpot lets a later
 * {@code -Xmx} win over an earlier one but refuses two collectors, so a default is dropped whenever the
 * user names an option of the same kind. The README's "JVM settings" section shows the measurements.
 */
public final class WorkerJvmOptions {
    /** A tuned default and the options that replace it. */
    record Default(String option, Predicate<String> overriddenBy) {}

    static final List<Default> DEFAULTS = List.of(
            // One small heap per process on a few cores: the serial collector has no concurrent threads and
            // no remembered sets, so an idle worker stays small; its pauses are short at these heap sizes.
            new Default("-XX:+UseSerialGC", a -> a.matches("-XX:[+-]Use\\w*GC")),
            // Start small and grow on demand: idle workers touch (and so cost) only what they use.
            new Default("-Xms16m", a -> a.startsWith("-Xms") || a.startsWith("-XX:InitialHeapSize")),
            new Default("-XX:MaxRAMPercentage=25", a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize")
                    || a.startsWith("-XX:MaxRAMPercentage") || a.startsWith("-XX:MaxRAM=")),
            new Default("-Xss512k", a -> a.startsWith("-Xss") || a.startsWith("-XX:ThreadStackSize")));

    private WorkerJvmOptions() {}

    /** Contract flags, the defaults {@code jvm_args} leave standing, and {@code jvm_args}. */
    public static List<String> forWorker(Config config, int javaFeatureVersion) {
        List<String> options = new ArrayList<>(WorkerContract.workerJvmFlags(javaFeatureVersion));
        options.addAll(defaultsNotOverridden(config.jvmArgs()));
        options.addAll(config.jvmArgs());
        return options;
    }

    /** The tuned defaults alone (what a worker gets with no {@code jvm_args}). */
    public static List<String> defaults() {
        return defaultsNotOverridden(List.of());
    }

    static List<String> defaultsNotOverridden(List<String> jvmArgs) {
        List<String> kept = new ArrayList<>();
        for (Default d : DEFAULTS) {
            if (jvmArgs.stream().noneMatch(d.overriddenBy())) kept.add(d.option());
        }
        return kept;
    }
}
