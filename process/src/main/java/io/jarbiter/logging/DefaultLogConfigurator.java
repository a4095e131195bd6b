package io.jarbiter.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * logback's configuration until {@link LogSetup} configures the process from app.yaml (and in tests):
 * gunicorn's line format on stderr at INFO. Found through {@code ServiceLoader}; it replaces a
 * {@code logback.xml} because parsing XML is a noticeable part of a worker's boot.
 *
 * <p>Ranked below logback's own file lookup, so logback reads an application's {@code logback.xml} first
 * when it initialises; a worker then resets logging to jarbiter's set-up and applies that file again on top
 * ({@link LogSetup#configure(long, io.jarbiter.conf.Config, boolean)}), so its appenders and levels win.
 */
@ConfiguratorRank(ConfiguratorRank.NOMINAL - 5)
public final class DefaultLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LogSetup.configure(context, ProcessHandle.current().pid(), "-", "info", "");
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
