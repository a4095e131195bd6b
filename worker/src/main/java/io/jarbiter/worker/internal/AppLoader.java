package io.jarbiter.worker.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.container.ServiceDefinitionException;
import io.jarbiter.container.ServiceRunner;
import io.jarbiter.logging.NamekoLogging;
import io.jarbiter.worker.WorkerContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the application named in app.yaml ({@code classpath}, {@code services}) into a
 * {@link ServiceRunner}. Any failure here is the application's fault: one clear error line and
 * {@code APP_LOAD_ERROR(4)}, which halts the master on first start and rolls a reload back.
 */
final class AppLoader {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.worker");
    private final Config config;
    private final ClassLoader loader;

    AppLoader(Config config, ClassLoader loader) {
        this.config = config;
        this.loader = loader;
    }

    BootResult load() {
        try {
            NamekoLogging.apply(config.serviceConfig().get("LOGGING"));
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage() + (config.appYaml() == null ? "" : " (" + config.appYaml() + ")"));
        }
        ServiceRunner runner = new ServiceRunner(config.serviceConfig(), loader);
        for (String name : config.services()) {
            try {
                runner.addService(Class.forName(name, true, loader));
            } catch (ClassNotFoundException | NoClassDefFoundError e) {
                return fail("class " + name + " not found on classpath " + config.classpath()
                        + "; check 'services' and 'classpath' in " + config.appYaml());
            } catch (ServiceDefinitionException e) {
                return fail(e.getMessage());
            } catch (ExceptionInInitializerError e) {
                return fail("class " + name + " failed in its static initializer: " + e.getCause());
            } catch (RuntimeException | LinkageError e) {
                return fail("cannot load service " + name + ": " + e);
            }
        }
        return new BootResult(WorkerContract.EXIT_OK, runner);
    }

    private static BootResult fail(String message) {
        LOG.error("Worker failed to boot: {}", message);
        return new BootResult(WorkerContract.APP_LOAD_ERROR, null);
    }
}
