package io.jarbiter.worker.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.hooks.WorkerHooks;
import io.jarbiter.hooks.internal.HookLoadException;
import io.jarbiter.hooks.internal.HookSet;
import io.jarbiter.process.WorkerContract;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker's side of {@code --check-config} ({@link WorkerContract#CHECK_ARG}): everything a boot does
 * before it starts a container and that fails it with {@code APP_LOAD_ERROR(4)} - the hook classes
 * (instantiated, never called), each service class (initialised) and its model, whose entrypoints and
 * dependency providers are built by their annotations' factories - and nothing after: no extension is set
 * up, so no broker connection, no route, no timer. Every problem is reported, each with the line the boot
 * would log after {@code Worker failed to boot: }.
 */
public final class AppCheck {
    private AppCheck() {}

    /** Writes each problem on {@code out} as one {@link WorkerContract#CHECK_PROBLEM} line; the exit code. */
    public static int run(Config config, ClassLoader loader, PrintStream out) {
        List<String> problems = new ArrayList<>();
        for (String hook : config.hooks()) {
            try {
                HookSet.load(List.of(hook), WorkerHooks.class, loader);
            } catch (HookLoadException e) {
                problems.add(e.getMessage());
            }
        }
        problems.addAll(new AppLoader(config, loader).check());
        for (String p : problems) out.println(WorkerContract.CHECK_PROBLEM + p.replaceAll("\\R", " "));
        out.flush();
        return problems.isEmpty() ? WorkerContract.EXIT_OK : WorkerContract.APP_LOAD_ERROR;
    }
}
