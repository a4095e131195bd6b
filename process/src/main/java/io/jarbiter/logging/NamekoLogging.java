package io.jarbiter.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * nameko's {@code LOGGING} (Python's {@code logging.config.dictConfig}) in a worker: the levels of
 * {@code root} and of each logger under {@code loggers} are set on logback (logger names as they are:
 * {@code nameko}, {@code jarbiter.amqp}, {@code com.acme}). Handlers, formatters, filters and the like
 * have no logback counterpart here (the worker writes where {@code errorlog}/{@code log_format} say):
 * they are ignored, named once in a WARN. A level that is not one is refused.
 */
public final class NamekoLogging {
    private static final Set<String> QUIET = Set.of("version", "disable_existing_loggers", "incremental");

    private NamekoLogging() {}

    /**
     * Applies the levels of {@code logging} (null: nothing to do).
     *
     * @return the parts ignored, e.g. {@code [handlers, loggers.nameko.handlers]}
     * @throws IllegalArgumentException naming the logger and the bad level
     */
    public static List<String> apply(Object logging) {
        if (logging == null) return List.of();
        if (!(logging instanceof Map<?, ?> dict)) throw new IllegalArgumentException("LOGGING must be a dictConfig map, got '" + logging + "'");
        Map<String, Level> levels = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            String key = String.valueOf(e.getKey());
            switch (key) {
                case "root" -> levelOf("root", e.getValue(), org.slf4j.Logger.ROOT_LOGGER_NAME, levels, ignored);
                case "loggers" -> {
                    if (!(e.getValue() instanceof Map<?, ?> loggers)) throw new IllegalArgumentException("LOGGING: loggers must be a map of logger name to {level: ...}");
                    loggers.forEach((name, cfg) -> levelOf("loggers." + name, cfg, String.valueOf(name), levels, ignored));
                }
                default -> {
                    if (!QUIET.contains(key)) ignored.add(key);
                }
            }
        }
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        levels.forEach((name, level) -> ctx.getLogger(name).setLevel(level));
        if (!ignored.isEmpty()) {
            LoggerFactory.getLogger("jarbiter.worker").warn("LOGGING: only the levels of root and loggers are applied; ignored {}"
                    + " (the worker's log target and layout come from errorlog, accesslog and log_format)", ignored);
        }
        return ignored;
    }

    private static void levelOf(String path, Object cfg, String logger, Map<String, Level> levels, List<String> ignored) {
        if (!(cfg instanceof Map<?, ?> m)) throw new IllegalArgumentException("LOGGING: " + path + " must be a map such as {level: INFO}, got '" + cfg + "'");
        for (Object k : m.keySet()) {
            if (!"level".equals(k)) ignored.add(path + "." + k);
        }
        if (m.containsKey("level")) levels.put(logger, level(path, m.get("level")));
    }

    /** Python's level names and numbers; NOTSET inherits (null), CRITICAL is logback's ERROR. */
    static Level level(String path, Object v) {
        String s = String.valueOf(v).trim().toUpperCase(Locale.ROOT);
        return switch (s) {
            case "NOTSET", "0" -> null;
            case "DEBUG", "10" -> Level.DEBUG;
            case "INFO", "20" -> Level.INFO;
            case "WARNING", "WARN", "30" -> Level.WARN;
            case "ERROR", "40" -> Level.ERROR;
            case "CRITICAL", "FATAL", "50" -> Level.ERROR;
            default -> throw new IllegalArgumentException("LOGGING: " + path + " level '" + v
                    + "' is not a level: use DEBUG, INFO, WARNING, ERROR, CRITICAL or NOTSET");
        };
    }
}
