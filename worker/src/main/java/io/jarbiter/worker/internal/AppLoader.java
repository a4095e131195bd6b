package io.jarbiter.worker.internal;

import io.jarbiter.conf.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import io.jarbiter.conf.Config;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;
import io.jarbiter.container.ServiceRunner;
import io.jarbiter.logging.NamekoLogging;
import io.jarbiter.process.WorkerContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Loads the application named in app.yaml ({@code classpath}, {@code services}) into a
 * {@link ServiceRunner}. Any failure here is the application's fault: one clear error line and
 * {@code APP_LOAD_ERROR(4)}, which halts the master on first start and rolls a reload back.
 * {@link #check} builds the same runner but collects every problem instead of stopping at the first.
 */
final class AppLoader {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.worker");
    private final Config config;
    private final ClassLoader loader;

    AppLoader(Config config, ClassLoader loader) {
        this.config = config;
        this.loader = loader;
    }

    /** The services' configuration, plus the settings a container reads itself ({@code worker_threads}). */
    private Map<String, Object> containerConfig() {
        Map<String, Object> out = new LinkedHashMap<>(config.serviceConfig());
        out.put(Settings.WORKER_THREADS.name(), config.get(Settings.WORKER_THREADS));
        return out;
    }

    BootResult load() {
        String logging = applyLogging();
        if (logging != null) {
            LOG.error("Worker failed to boot: {}", logging);
            return new BootResult(WorkerContract.APP_LOAD_ERROR, null);
        }
        ServiceRunner runner = new ServiceRunner(containerConfig());
        for (String name : config.services()) {
            String problem = addService(runner, name, ServiceContainer.Problems.FIRST);
            if (problem != null) {
                LOG.error("Worker failed to boot: {}", problem);
                return new BootResult(WorkerContract.APP_LOAD_ERROR, null);
            }
        }
        return new BootResult(WorkerContract.EXIT_OK, runner);
    }

    /**
     * Every problem {@link #load} could stop at, in the order it meets them, each the line a boot would log:
     * every service's class and model (entrypoints, parameter binding, dependency providers, built by their
     * factories) without starting anything. Empty when the application loads.
     */
    List<String> check() {
        ServiceRunner runner = new ServiceRunner(containerConfig());
        List<String> problems = new ArrayList<>();
        String logging = applyLogging();
        if (logging != null) problems.add(logging);
        for (String name : config.services()) {
            String problem = addService(runner, name, p -> problems.add(p.getMessage()));
            if (problem != null) problems.add(problem);
        }
        return problems;
    }

    /** Applies nameko's {@code LOGGING} levels before any service class loads; the problem, or null. */
    private String applyLogging() {
        try {
            NamekoLogging.apply(config.serviceConfig().get("LOGGING"));
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage() + (config.appYaml() == null ? "" : " (" + config.appYaml() + ")");
        }
    }

    /** Adds service {@code name} to {@code runner}; the problem that stopped it, or null. */
    private String addService(ServiceRunner runner, String name, ServiceContainer.Problems problems) {
        try {
            runner.addService(Class.forName(name, true, loader), problems);
            return null;
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return "class " + name + " not found on classpath " + config.classpath()
                    + "; check 'services' and 'classpath' in " + config.appYaml();
        } catch (ServiceDefinitionException e) {
            return e.getMessage();
        } catch (ExceptionInInitializerError e) {
            return "class " + name + " failed in its static initializer: " + e.getCause();
        } catch (RuntimeException | LinkageError e) {
            return "cannot load service " + name + ": " + e;
        }
    }
}
