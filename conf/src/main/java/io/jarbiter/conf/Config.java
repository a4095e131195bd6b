package io.jarbiter.conf;

import io.jarbiter.conf.internal.ConfigLoader;
import io.jarbiter.conf.internal.ConfigYaml;
import io.jarbiter.conf.internal.EnvCodec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effective configuration: every setting of {@link Settings} plus the services' configuration
 * (the other app.yaml keys). Immutable. Values are kept in plain form (numbers, strings, lists, maps)
 * so the master can hand the exact configuration of a generation to its workers
 * ({@link #toEnvString()} / {@link #fromEnvString}).
 */
public final class Config {
    private final Path appYaml;
    private final Map<String, Object> values;
    private final Map<String, Object> service;
    private final List<String> argv;
    private final Map<String, String> environ;
    private final List<String> serviceConfigWarnings;

    private Config(Path appYaml, Map<String, Object> values, Map<String, Object> service, List<String> argv, Map<String, String> environ,
                   List<String> serviceConfigWarnings) {
        this.appYaml = appYaml;
        this.serviceConfigWarnings = List.copyOf(serviceConfigWarnings);
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.service = Collections.unmodifiableMap(new LinkedHashMap<>(service));
        this.argv = List.copyOf(argv);
        this.environ = Map.copyOf(environ);
    }

    /**
     * Parses the command line and the app.yaml it names. Help and version requests, usage errors and
     * invalid files all come back as a {@link ConfigException} whose {@link ConfigException#kind()} says which.
     */
    public static Config load(List<String> argv, Map<String, String> environ) throws ConfigException {
        ConfigLoader.Loaded l = ConfigLoader.load(argv, environ);
        return new Config(l.appYaml(), l.values(), l.service(), argv, environ, l.warnings());
    }

    /** Re-reads the same app.yaml with the same command line and environment (SIGHUP). */
    public Config reload() throws ConfigException {
        return load(argv, environ);
    }

    /** A lossless text form of this configuration, for the worker's environment. */
    public String toEnvString() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("app_yaml", appYaml.toString());
        doc.put("settings", new LinkedHashMap<>(values));
        doc.put("service", new LinkedHashMap<>(service));
        return EnvCodec.encode(doc);
    }

    @SuppressWarnings("unchecked")
    public static Config fromEnvString(String text) throws ConfigException {
        try {
            Map<String, Object> doc = (Map<String, Object>) EnvCodec.decode(text);
            return new Config(Path.of((String) doc.get("app_yaml")), (Map<String, Object>) doc.get("settings"),
                    (Map<String, Object>) doc.get("service"), List.of(), Map.of(), List.of());
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw ConfigException.invalid("the configuration passed by the master is unreadable: " + e.getMessage());
        }
    }

    /** The value of a setting, in its Java type (Duration for seconds, Path for paths). */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> s) {
        Object v = values.get(s.name());
        return (T) switch (s.kind()) {
            case SECONDS -> Duration.ofNanos(Math.round(((Number) v).doubleValue() * 1e9));
            case PATH -> v == null ? null : Path.of((String) v);
            case INT, OCTAL -> ((Number) v).intValue();
            default -> v;
        };
    }

    public Path appYaml() { return appYaml; }
    public List<String> bind() { return get(Settings.BIND); }
    public int workers() { return get(Settings.WORKERS); }
    public Duration timeout() { return get(Settings.TIMEOUT); }
    public Duration gracefulTimeout() { return get(Settings.GRACEFUL_TIMEOUT); }
    public Duration workerBootTimeout() { return get(Settings.WORKER_BOOT_TIMEOUT); }
    public int maxRequests() { return get(Settings.MAX_REQUESTS); }
    public int maxRequestsJitter() { return get(Settings.MAX_REQUESTS_JITTER); }
    public Optional<Path> pidfile() { return Optional.ofNullable(get(Settings.PIDFILE)); }
    public Path workerTmpDir() { return get(Settings.WORKER_TMP_DIR); }
    public int backlog() { return get(Settings.BACKLOG); }
    public Duration keepalive() { return get(Settings.KEEPALIVE); }
    public String loglevel() { return get(Settings.LOGLEVEL_S); }
    public String errorlog() { return get(Settings.ERRORLOG); }
    public String accesslog() { return get(Settings.ACCESSLOG); }
    public String accessLogFormat() { return get(Settings.ACCESS_LOG_FORMAT); }
    public List<String> hooks() { return get(Settings.HOOKS); }
    public List<String> jvmArgs() { return get(Settings.JVM_ARGS); }
    public List<String> services() { return get(Settings.SERVICES); }
    public Map<String, String> env() { return get(Settings.ENV_VARS); }
    public int umask() { return get(Settings.UMASK); }
    public String logFormat() { return get(Settings.LOG_FORMAT); }
    public Optional<String> user() { return Optional.ofNullable(get(Settings.USER)); }
    public Optional<String> group() { return Optional.ofNullable(get(Settings.GROUP)); }
    public Optional<String> metricsBind() { return Optional.ofNullable(get(Settings.METRICS_BIND)); }

    /** {@code control_socket} with {@code ~} expanded, relative paths against app.yaml's directory; empty when {@code off}. */
    public Optional<Path> controlSocket() {
        return userPath(get(Settings.CONTROL_SOCKET));
    }
    public boolean checkConfig() { return get(Settings.CHECK_CONFIG); }
    public boolean printConfig() { return get(Settings.PRINT_CONFIG); }
    public boolean buildArchive() { return get(Settings.BUILD_ARCHIVE); }

    /** {@code jvm_archive_dir} with a leading {@code ~} expanded; empty when it is {@code off}. */
    public Optional<Path> jvmArchiveDir() {
        return userPath(get(Settings.JVM_ARCHIVE_DIR));
    }

    /** {@code code_snapshot_dir} with {@code ~} expanded, relative paths against app.yaml's directory; empty when it is {@code off}. */
    public Optional<Path> codeSnapshotDir() {
        return userPath(get(Settings.CODE_SNAPSHOT_DIR));
    }

    /** {@code ~} or a leading {@code ~/} replaced by the user's home directory, as a shell would. */
    public static String expandHome(String path) {
        return path.equals("~") || path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    private Optional<Path> userPath(String dir) {
        // a bare off in app.yaml is YAML 1.1's false
        if (dir == null || dir.isBlank() || dir.equals("off") || dir.equals("false")) return Optional.empty();
        dir = expandHome(dir);
        Path base = appYaml.getParent() == null ? Path.of(".") : appYaml.getParent();
        return Optional.of(base.resolve(dir).toAbsolutePath().normalize());
    }

    /** The application's class path entries, relative entries resolved against app.yaml's directory. */
    public List<Path> classpath() {
        List<Path> out = new ArrayList<>();
        Path base = appYaml.getParent() == null ? Path.of(".") : appYaml.getParent();
        for (String entry : get(Settings.CLASSPATH)) out.add(base.resolve(entry).normalize());
        return out;
    }

    /** The services' configuration: every app.yaml key that is not a setting (nameko's and the user's). */
    public Map<String, Object> serviceConfig() {
        return service;
    }

    /**
     * Service configuration keys within an edit or two of a key nameko reads ({@code AMQP_URL},
     * {@code amqp_uri}, {@code max_worker}), one line each with app.yaml:line and the key meant. They are
     * still passed to the services; the master logs them at start and {@code --check-config} fails on them.
     * Empty in a worker (the master has already told).
     */
    public List<String> serviceConfigWarnings() {
        return serviceConfigWarnings;
    }

    /** Every setting by name plus the service configuration. */
    public Map<String, Object> asMap() {
        Map<String, Object> all = new LinkedHashMap<>(values);
        all.putAll(service);
        return Collections.unmodifiableMap(all);
    }

    /**
     * {@code --print-config}: the effective configuration as app.yaml text (every setting, then the service
     * configuration); loading it gives this configuration again.
     */
    public String toYaml() {
        return ConfigYaml.print(appYaml, values, service);
    }
}
