package io.jarbiter.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import io.jarbiter.conf.Config;
import io.jarbiter.conf.Settings;
import io.jarbiter.conf.SyslogTarget;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Configures logback for a jarbiter process, gunicorn style:
 * {@code [2026-11-22 13:00:00 +0000] [4242] [INFO] Booting worker with pid: 4242}.
 *
 * <p>The error log ({@code errorlog}, {@code -} for stderr) gets every logger; the access log
 * ({@code accesslog}, {@code -} for stdout, empty for none) gets only {@link #ACCESS_LOGGER}.
 * {@link #reopen()} (SIGUSR1) closes and reopens file targets so logrotate's {@code mv} works.
 * Called from one thread at start-up and from the signal-handling thread afterwards; logback
 * appenders are themselves thread-safe.
 */
public final class LogSetup {
    /** Appenders that survive every reconfiguration ({@link #keep}); guarded by the class lock. */
    private static final List<Appender<ILoggingEvent>> KEPT = new ArrayList<>();
    public static final String ACCESS_LOGGER = "jarbiter.access";
    private static final List<OutputStreamAppender<ILoggingEvent>> APPENDERS = new ArrayList<>();

    private LogSetup() {}

    /** (Re)configures logging; {@code loglevel} is gunicorn's: debug, info, warning, error, critical. */
    public static void configure(long pid, String errorlog, String loglevel, String accesslog) {
        configure(pid, errorlog, loglevel, accesslog, "text");
    }

    /** The same, with the error log's {@code log_format}: {@code text} (gunicorn's layout) or {@code json}. */
    public static void configure(long pid, String errorlog, String loglevel, String accesslog, String format) {
        configure((LoggerContext) LoggerFactory.getILoggerFactory(), pid, errorlog, loglevel, accesslog, format);
    }

    /**
     * The process's whole logging set-up from its configuration: the error and access logs as above, then
     * syslog ({@code syslog}) and the user's logback files ({@link UserLogConfig}). {@code worker}: this is a
     * worker JVM, whose class path holds the application (and its {@code logback.xml}). The master passes no
     * access log.
     */
    public static synchronized void configure(long pid, Config config, boolean worker) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        configure(ctx, pid, config.errorlog(), config.loglevel(), worker ? config.accesslog() : null, config.logFormat());
        if (config.get(Settings.SYSLOG)) {
            String prefix = config.get(Settings.SYSLOG_PREFIX);
            SyslogAppender syslog = new SyslogAppender(SyslogTarget.of(config), prefix == null ? "jarbiter" : prefix, pid);
            syslog.setContext(ctx);
            syslog.setName("syslog");
            syslog.start();
            ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(syslog);
        }
        String logconfig = config.get(Settings.LOGCONFIG);
        Path base = config.appYaml().getParent();
        List<String> problems = UserLogConfig.apply(ctx, UserLogConfig.files(worker, logconfig == null ? null : base.resolve(logconfig)),
                level(config.loglevel()));
        for (String p : problems) LoggerFactory.getLogger(worker ? "jarbiter.worker" : "jarbiter.arbiter").warn("{}", p);
    }

    /** The same, on a given context: {@link DefaultLogConfigurator} calls it while logback initialises. */
    /**
     * Attaches {@code appender} to the root logger now and again after every later {@code configure} (a HUP
     * reconfigures logging): for appenders that belong to the process, not to a configuration, such as the
     * statsd log counter.
     */
    public static synchronized void keep(Appender<ILoggingEvent> appender) {
        KEPT.add(appender);
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    /** Undoes {@link #keep}. */
    public static synchronized void release(Appender<ILoggingEvent> appender) {
        KEPT.remove(appender);
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    }

    static synchronized void configure(LoggerContext ctx, long pid, String errorlog, String loglevel, String accesslog) {
        configure(ctx, pid, errorlog, loglevel, accesslog, "text");
    }

    static synchronized void configure(LoggerContext ctx, long pid, String errorlog, String loglevel, String accesslog, String format) {
        ctx.reset(); // stops and detaches every appender, the kept ones too: they are started and attached again below
        APPENDERS.clear();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Appender<ILoggingEvent> kept : KEPT) {
            kept.setContext(ctx);
            if (!kept.isStarted()) kept.start();
            root.addAppender(kept);
        }
        root.setLevel(level(loglevel));
        Encoder<ILoggingEvent> errorEncoder = "json".equalsIgnoreCase(format) ? new JsonLineEncoder(pid)
                : pattern("[%d{yyyy-MM-dd HH:mm:ss Z}] [" + pid + "] [%level] %msg%n%ex");
        root.addAppender(appender(ctx, errorlog, true, errorEncoder));
        // Chatty libraries stay at WARN unless the operator asked for debug.
        if (!"debug".equalsIgnoreCase(loglevel)) {
            for (String quiet : List.of("org.xnio", "io.undertow", "org.jboss", "com.rabbitmq")) {
                ctx.getLogger(quiet).setLevel(Level.WARN);
            }
        }
        Logger access = ctx.getLogger(ACCESS_LOGGER);
        access.setAdditive(false);
        if (accesslog != null && !accesslog.isEmpty()) {
            access.setLevel(Level.INFO);
            access.addAppender(appender(ctx, accesslog, false, pattern("%msg%n")));
        } else {
            access.setLevel(Level.OFF);
        }
    }

    /** Whether access lines are wanted at all (saves formatting them when not). */
    public static boolean accessLogEnabled() {
        return LoggerFactory.getLogger(ACCESS_LOGGER).isInfoEnabled();
    }

    /** Reopens every file target (SIGUSR1): lines written after this land in a fresh file at the same path. */
    public static synchronized void reopen() {
        for (OutputStreamAppender<ILoggingEvent> a : APPENDERS) {
            if (a instanceof FileAppender<ILoggingEvent>) {
                a.stop();
                a.start();
            }
        }
    }

    private static Encoder<ILoggingEvent> pattern(String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern(pattern);
        return encoder;
    }

    private static Appender<ILoggingEvent> appender(LoggerContext ctx, String target, boolean stderr, Encoder<ILoggingEvent> encoder) {
        encoder.setContext(ctx);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender;
        if (target == null || target.isEmpty() || "-".equals(target)) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setTarget(stderr ? "System.err" : "System.out");
            appender = console;
        } else {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setFile(target);
            file.setAppend(true);
            file.setPrudent(false);
            appender = file;
        }
        appender.setContext(ctx);
        appender.setEncoder(encoder);
        appender.setImmediateFlush(true);
        appender.start();
        APPENDERS.add(appender);
        return appender;
    }

    private static Level level(String loglevel) {
        return switch (loglevel == null ? "info" : loglevel.toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.DEBUG;
            case "warning", "warn" -> Level.WARN;
            case "error", "critical" -> Level.ERROR;
            default -> Level.INFO;
        };
    }
}
