package io.jarbiter.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The user's logback configuration, applied on top of jarbiter's (never resetting it), in this order so
 * the operator's file wins over the application's: the application's own {@code logback.xml} (or the
 * file {@code -Dlogback.configurationFile} names) in the workers, then {@code logconfig}. Their appenders
 * are added and their levels win; jarbiter's own loggers keep {@code loglevel} unless a file sets a
 * level on {@code jarbiter} itself, so the lifecycle lines still reach the error log.
 */
final class UserLogConfig {
    static final String JARBITER_LOGGERS = "jarbiter";

    private UserLogConfig() {}

    /** The files to apply: the application's (workers only), then logconfig (may be null). */
    static List<URL> files(boolean applicationClasspath, Path logconfig) {
        List<URL> files = new ArrayList<>();
        if (applicationClasspath) {
            String named = System.getProperty("logback.configurationFile");
            URL own = named != null ? url(named) : ClassLoader.getSystemClassLoader().getResource("logback.xml");
            if (own != null) files.add(own);
        }
        if (logconfig != null) files.add(url(logconfig.toString()));
        return files;
    }

    /** Applies each file; problems in a file are returned as lines for the error log, not thrown. */
    static List<String> apply(LoggerContext ctx, List<URL> files, Level jarbiterLevel) {
        List<String> problems = new ArrayList<>();
        if (files.isEmpty()) return problems;
        ch.qos.logback.classic.Logger jarbiter = ctx.getLogger(JARBITER_LOGGERS);
        Level before = jarbiter.getLevel();
        for (URL file : files) {
            int seen = ctx.getStatusManager().getCount();
            JoranConfigurator joran = new JoranConfigurator();
            joran.setContext(ctx);
            try {
                joran.doConfigure(file);
            } catch (JoranException e) {
                problems.add("logback configuration " + file + ": " + e.getMessage());
            }
            List<Status> statuses = ctx.getStatusManager().getCopyOfStatusList();
            for (Status s : statuses.subList(Math.min(seen, statuses.size()), statuses.size())) {
                if (s.getLevel() >= Status.WARN) problems.add("logback configuration " + file + ": " + s.getMessage());
            }
        }
        if (jarbiter.getLevel() == before) jarbiter.setLevel(jarbiterLevel);
        return problems;
    }

    private static URL url(String pathOrUrl) {
        try {
            return pathOrUrl.contains(":/") ? new URL(pathOrUrl) : Path.of(pathOrUrl).toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            try {
                return Path.of(pathOrUrl).toAbsolutePath().toUri().toURL();
            } catch (MalformedURLException again) {
                throw new IllegalArgumentException(again);
            }
        }
    }
}
