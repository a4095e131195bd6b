package io.jarbiter.statsd;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Counts error-log lines as gunicorn's statsd logger does: {@code gunicorn.log.warning}, {@code gunicorn.log.error},
 * and {@code gunicorn.log.exception} for an error carrying a stack trace (gunicorn's {@code log.exception}).
 * jarbiter logs nothing above ERROR, so {@code gunicorn.log.critical} is never sent.
 */
public final class StatsdLog extends AppenderBase<ILoggingEvent> {
    private final StatsdClient statsd;

    private StatsdLog(StatsdClient statsd) {
        this.statsd = statsd;
    }

    /** Adds the counting appender to the root logger, kept through logging reconfigurations (HUP); closing removes it. */
    public static AutoCloseable install(StatsdClient statsd) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        StatsdLog appender = new StatsdLog(statsd);
        appender.setContext(ctx);
        appender.setName("statsd");
        appender.start();
        io.jarbiter.logging.LogSetup.keep(appender);
        return () -> {
            io.jarbiter.logging.LogSetup.release(appender);
            appender.stop();
        };
    }

    @Override
    protected void append(ILoggingEvent event) {
        Level level = event.getLevel();
        if (level == Level.ERROR) {
            statsd.increment(event.getThrowableProxy() != null ? "gunicorn.log.exception" : "gunicorn.log.error", 1);
        } else if (level == Level.WARN) {
            statsd.increment("gunicorn.log.warning", 1);
        }
    }
}
