package io.jarbiter.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * logback's configuration until {@link LogSetup} configures the process from app.yaml (and in tests):
 * gunicorn's line format on stderr at INFO. Found through {@code ServiceLoader}; it replaces a
 * {@code logback.xml} because parsing XML costs a worker about 0.15 s of its boot (measured).
 *
 * <p>Ranked below logback's own file lookup, so a {@code logback.xml} or {@code logback-test.xml} the
 * application puts on its class path still wins.
 */
@ConfiguratorRank(ConfiguratorRank.NOMINAL - 5)
public final class DefaultLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LogSetup.configure(context, ProcessHandle.current().pid(), "-", "info", "");
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
