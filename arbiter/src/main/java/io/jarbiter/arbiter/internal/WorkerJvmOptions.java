package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.process.WorkerContract;
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
    /** A tuned default, the options that replace it, and which JDKs know it (HotSpot refuses an option it does not know). */
    record Default(List<String> options, Predicate<String> overriddenBy, Predicate<Runtime.Version> knownBy) {
        Default(String option, Predicate<String> overriddenBy) {
            this(List.of(option), overriddenBy, jdk -> true);
        }
    }

    static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=1000";
    private static final Predicate<String> TRIM_OVERRIDDEN = a -> a.startsWith("-XX:TrimNativeHeapInterval");

    static final List<Default> DEFAULTS = List.of(
            // One small heap per process on a few cores: the serial collector has no concurrent threads and
            // no remembered sets, so an idle worker stays small; its pauses are short at these heap sizes.
            new Default("-XX:+UseSerialGC", a -> a.matches("-XX:[+-]Use\\w*GC")),
            // Start small and grow on demand: idle workers touch (and so cost) only what they use.
            new Default("-Xms16m", a -> a.startsWith("-Xms") || a.startsWith("-XX:InitialHeapSize")),
            new Default("-XX:MaxRAMPercentage=25", a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize")
                    || a.startsWith("-XX:MaxRAMPercentage") || a.startsWith("-XX:MaxRAM=")),
            new Default("-Xss512k", a -> a.startsWith("-Xss") || a.startsWith("-XX:ThreadStackSize")),
            // glibc keeps what the JIT's compilations malloc'd and freed; trimming it every second gives an idle
            // worker of 4 ~12 MB back after a burst of requests (interleaved runs: 43-51 against 58-61 MB PSS on
            // JDK 17, 45-47 against 57-61 MB on JDK 25), at 0.2-0.7 ms a trim. Experimental where it was
            // backported (17.0.9+, 21.0.1+) and in 22, a product option from 23 on.
            new Default(List.of("-XX:+UnlockExperimentalVMOptions", TRIM_NATIVE_HEAP), TRIM_OVERRIDDEN,
                    jdk -> knowsTrimNativeHeap(jdk) && jdk.feature() < 23),
            new Default(List.of(TRIM_NATIVE_HEAP), TRIM_OVERRIDDEN, jdk -> jdk.feature() >= 23));

    /**
     * For a worker that does not warm up ({@link io.jarbiter.process.BootPlan#warmUp}: the first start, the only
     * worker replaced, or a reload or TTIN while the workers hold no connection and accepted none for 2 s), whose
     * boot nothing runs beside or every request waits for. JDK 25's AOT cache also holds the training run's method profiles, and replaying
     * them makes the JIT compile the training's hot methods as soon as they run: ~0.2 s more of C1/C2 work
     * inside each boot, which on a few cores is taken from the boot itself. A worker that warms up keeps the
     * replay: it has the time, and its first real requests come under load. Only JDK 25+ knows the
     * option; a runtime option, so the same archive serves both kinds of boot (bench/results/NOTES.md has the
     * measurements).
     */
    static final Default WITHOUT_WARM_UP = new Default(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining"),
            a -> a.contains("AOTReplayTraining"), jdk -> jdk.feature() >= 25);

    private WorkerJvmOptions() {}

    /** Contract flags, the defaults {@code jvm_args} leave standing, and {@code jvm_args}. */
    static List<String> forWorker(Config config, Runtime.Version jdk) {
        List<String> options = new ArrayList<>(WorkerContract.workerJvmFlags(jdk.feature()));
        options.addAll(defaultsNotOverridden(config.jvmArgs(), jdk));
        options.addAll(config.jvmArgs());
        return options;
    }

    /**
     * The options a worker that does not warm up gets after the archive's: {@link #WITHOUT_WARM_UP}, unless
     * {@code jvm_args} already decide it or the JDK does not know it.
     */
    static List<String> withoutWarmUp(Config config, Runtime.Version jdk) {
        return applies(WITHOUT_WARM_UP, config.jvmArgs(), jdk) ? WITHOUT_WARM_UP.options() : List.of();
    }

    /** The tuned defaults alone (what a worker on {@code jdk} gets with no {@code jvm_args}). */
    public static List<String> defaults(Runtime.Version jdk) {
        return defaultsNotOverridden(List.of(), jdk);
    }

    static List<String> defaultsNotOverridden(List<String> jvmArgs, Runtime.Version jdk) {
        List<String> kept = new ArrayList<>();
        for (Default d : DEFAULTS) {
            if (applies(d, jvmArgs, jdk)) kept.addAll(d.options());
        }
        return kept;
    }

    private static boolean applies(Default d, List<String> jvmArgs, Runtime.Version jdk) {
        return d.knownBy().test(jdk) && jvmArgs.stream().noneMatch(d.overriddenBy());
    }

    /** {@code -XX:TrimNativeHeapInterval}: JDK 22+, and backported to 17.0.9 and 21.0.1 (not to 18-20). */
    static boolean knowsTrimNativeHeap(Runtime.Version jdk) {
        return switch (jdk.feature()) {
            case 17 -> jdk.update() >= 9;
            case 18, 19, 20 -> false;
            case 21 -> jdk.update() >= 1;
            default -> jdk.feature() > 21;
        };
    }
}
