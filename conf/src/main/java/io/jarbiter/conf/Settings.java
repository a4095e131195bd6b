package io.jarbiter.conf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.jarbiter.conf.Setting.Kind.BINDS;
import static io.jarbiter.conf.Setting.Kind.BOOL;
import static io.jarbiter.conf.Setting.Kind.ENV;
import static io.jarbiter.conf.Setting.Kind.INT;
import static io.jarbiter.conf.Setting.Kind.LOGLEVEL;
import static io.jarbiter.conf.Setting.Kind.OCTAL;
import static io.jarbiter.conf.Setting.Kind.PATH;
import static io.jarbiter.conf.Setting.Kind.SECONDS;
import static io.jarbiter.conf.Setting.Kind.STRING;
import static io.jarbiter.conf.Setting.Kind.STRINGS;

/** Every arbiter setting, declared once, with gunicorn's names, flags and meanings. */
public final class Settings {
    private static final String SERVER = "Server", WORKERS_S = "Worker processes", LOGGING = "Logging",
            APP = "Application", PROCESS = "Process", INFO = "Informational";
    private static final String SSL = "SSL";

    public static final Setting<List<String>> BIND = new Setting<>(SERVER, "bind", List.of("-b", "--bind"), "ADDRESS", BINDS,
            List.of("127.0.0.1:8000"), 0, "Address to listen on: HOST:PORT, [IPv6]:PORT, unix:PATH or fd://N (repeatable).");
    public static final Setting<Integer> BACKLOG = new Setting<>(SERVER, "backlog", List.of("--backlog"), "INT", INT,
            2048, 1, "Maximum number of pending connections.");
    public static final Setting<Duration> KEEPALIVE = new Setting<>(SERVER, "keepalive", List.of("--keep-alive"), "SECONDS", SECONDS,
            2, 0, "Seconds an idle keep-alive connection stays open.");
    public static final Setting<String> FORWARDED_ALLOW_IPS = new Setting<>(SERVER, "forwarded_allow_ips", List.of("--forwarded-allow-ips"), "ADDRESSES", Setting.Kind.ADDRESSES,
            "127.0.0.1,::1", 0, "Proxies (IP addresses, CIDR networks, or *) whose X-Forwarded-For/-Host, Forwarded and secure_scheme_headers are trusted; from other peers they are ignored.");
    public static final Setting<Map<String, String>> SECURE_SCHEME_HEADERS = new Setting<>(SERVER, "secure_scheme_headers", List.of(), "", ENV,
            Collections.unmodifiableSortedMap(new TreeMap<>(Map.of("X-FORWARDED-PROTOCOL", "ssl", "X-FORWARDED-PROTO", "https", "X-FORWARDED-SSL", "on"))), 0, "Headers and the exact value with which a trusted proxy marks an HTTPS request (app.yaml only); a match makes the scheme https.");
    public static final Setting<Boolean> PROXY_PROTOCOL = new Setting<>(SERVER, "proxy_protocol", List.of("--proxy-protocol"), "", BOOL,
            false, 0, "Every connection starts with a PROXY protocol v1 or v2 header, whose client address is then used; a connection without one is closed.");
    public static final Setting<String> PROXY_ALLOW_IPS = new Setting<>(SERVER, "proxy_allow_ips", List.of("--proxy-allow-from"), "ADDRESSES", Setting.Kind.ADDRESSES,
            "127.0.0.1,::1", 0, "Peers (IP addresses, CIDR networks, or *) allowed to connect when proxy_protocol is on; others are closed at once.");
    public static final Setting<String> CERTFILE = new Setting<>(SSL, "certfile", List.of("--certfile"), "FILE", STRING,
            null, 0, "SSL certificate file: PEM, the server certificate then its chain, relative to app.yaml; set, every bind serves HTTPS.");
    public static final Setting<String> KEYFILE = new Setting<>(SSL, "keyfile", List.of("--keyfile"), "FILE", STRING,
            null, 0, "SSL key file: PEM, unencrypted PKCS#8 ('BEGIN PRIVATE KEY', RSA or EC); unset: the key is in certfile.");
    public static final Setting<String> CA_CERTS = new Setting<>(SSL, "ca_certs", List.of("--ca-certs"), "FILE", STRING,
            null, 0, "CA certificates file (PEM) that client certificates are verified against (see cert_reqs).");
    public static final Setting<String> CERT_REQS = new Setting<>(SSL, "cert_reqs", List.of("--cert-reqs"), "MODE", Setting.Kind.CERT_REQS,
            "none", 0, "Whether a client certificate is required: none, optional (verified if sent) or required; gunicorn's 0/1/2 work too.");
    public static final Setting<List<String>> CIPHERS = new Setting<>(SSL, "ciphers", List.of("--ciphers"), "SUITES", Setting.Kind.CIPHERS,
            null, 0, "Cipher suites allowed, JDK/IANA names separated by ':' (TLS_AES_128_GCM_SHA256); unset: the JDK's defaults.");
    public static final Setting<String> TLS_MIN_VERSION = new Setting<>(SSL, "tls_min_version", List.of("--tls-min-version"), "VERSION", Setting.Kind.TLS_VERSION,
            "TLSv1.2", 0, "Oldest TLS version a client may use: TLSv1.2 or TLSv1.3 (gunicorn's ssl_version).");
    public static final Setting<Boolean> HTTP2 = new Setting<>(SSL, "http2", List.of("--http2"), "", BOOL,
            false, 0, "Also serve HTTP/2 over TLS to clients that offer it (ALPN 'h2'); needs certfile.");
    public static final Setting<Integer> LIMIT_REQUEST_LINE = new Setting<>("Security", "limit_request_line", List.of("--limit-request-line"), "INT", INT,
            4094, 0, "Largest request line (method, target, version) in bytes; longer is answered 414; 0: no limit.");
    public static final Setting<Integer> LIMIT_REQUEST_FIELDS = new Setting<>("Security", "limit_request_fields", List.of("--limit-request-fields"), "INT", INT,
            100, 1, "Most header fields a request may have; more is answered 431.");
    public static final Setting<Integer> LIMIT_REQUEST_FIELD_SIZE = new Setting<>("Security", "limit_request_field_size", List.of("--limit-request-field_size", "--limit-request-field-size"), "INT", INT,
            8190, 0, "Largest header field ('Name: value') in bytes; larger is answered 431; 0: no limit.");
    public static final Setting<Integer> LIMIT_REQUEST_BODY = new Setting<>("Security", "limit_request_body", List.of("--limit-request-body"), "BYTES", INT,
            1024 * 1024, 0, "Largest request body in bytes (nginx's client_max_body_size); larger is answered 413; @Http(maxBodySize) overrides it; 0: no limit.");
    public static final Setting<Duration> CLIENT_HEADER_TIMEOUT = new Setting<>("Security", "client_header_timeout", List.of("--client-header-timeout"), "SECONDS", SECONDS,
            10, 0, "Seconds a client may take to send a request's head once it started; then the connection is closed; 0: no limit.");
    public static final Setting<Duration> CLIENT_BODY_TIMEOUT = new Setting<>("Security", "client_body_timeout", List.of("--client-body-timeout"), "SECONDS", SECONDS,
            30, 0, "Seconds a request body may go without a byte arriving; then the connection is closed; 0: no limit.");
    public static final Setting<Integer> WORKERS = new Setting<>(WORKERS_S, "workers", List.of("-w", "--workers"), "INT", INT,
            1, 1, "Number of worker processes.");
    public static final Setting<Duration> TIMEOUT = new Setting<>(WORKERS_S, "timeout", List.of("-t", "--timeout"), "SECONDS", SECONDS,
            30, 0, "Workers silent (every request slot stuck, or the JVM stalled) this long are dumped and killed; 0 disables.");
    public static final Setting<Duration> GRACEFUL_TIMEOUT = new Setting<>(WORKERS_S, "graceful_timeout", List.of("--graceful-timeout"), "SECONDS", SECONDS,
            30, 0, "Seconds workers get to finish in-flight work after TERM before they are killed.");
    public static final Setting<Duration> WORKER_BOOT_TIMEOUT = new Setting<>(WORKERS_S, "worker_boot_timeout", List.of("--worker-boot-timeout"), "SECONDS", SECONDS,
            60, 1, "Seconds a new worker may take to boot before it is killed.");
    public static final Setting<String> RELOAD_STRATEGY = new Setting<>(WORKERS_S, "reload_strategy", List.of("--reload-strategy"), "STRATEGY", Setting.Kind.RELOAD_STRATEGY,
            "generation", 0, "How HUP replaces the workers: 'generation' boots all new ones beside the old (peak 2 x workers JVMs), 'rolling' one at a time (peak workers + 1).");
    public static final Setting<String> WORKER_THREADS = new Setting<>(WORKERS_S, "worker_threads", List.of("--worker-threads"), "KIND", Setting.Kind.WORKER_THREADS,
            "platform", 0, "The threads of each service's max_workers call slots: 'platform', or 'virtual' (JDK 21+).");
    public static final Setting<Integer> MAX_REQUESTS = new Setting<>(WORKERS_S, "max_requests", List.of("--max-requests"), "INT", INT,
            0, 0, "Calls a worker handles before it is gracefully replaced; 0 disables.");
    public static final Setting<Integer> MAX_REQUESTS_JITTER = new Setting<>(WORKERS_S, "max_requests_jitter", List.of("--max-requests-jitter"), "INT", INT,
            0, 0, "Random extra 0..N added to max_requests per worker, so workers do not all restart at once.");
    public static final Setting<Path> WORKER_TMP_DIR = new Setting<>(WORKERS_S, "worker_tmp_dir", List.of("--worker-tmp-dir"), "DIR", PATH,
            defaultTmpDir(), 0, "Directory for the workers' heartbeat, scoreboard and connection board files (unlinked at once).");
    public static final Setting<List<String>> JVM_ARGS = new Setting<>(WORKERS_S, "jvm_args", List.of("--jvm-arg"), "ARG", STRINGS,
            List.of(), 0, "Extra JVM option for the worker JVMs (repeatable); overrides the tuned default of the same kind.");
    public static final Setting<String> JVM_ARCHIVE_DIR = new Setting<>(WORKERS_S, "jvm_archive_dir", List.of("--jvm-archive-dir"), "DIR", STRING,
            "~/.cache/jarbiter", 0, "Where --build-archive puts the workers' class-data archive (AppCDS, or AOT cache on JDK 25+); 'off' disables it.");
    public static final Setting<String> CODE_SNAPSHOT_DIR = new Setting<>(WORKERS_S, "code_snapshot_dir", List.of("--code-snapshot-dir"), "DIR", STRING,
            "~/.cache/jarbiter/code", 0, "Where each generation's workers run from a copy of 'classpath' taken at start and on HUP, so a build cannot change their code; 'off' runs it in place.");
    public static final Setting<Map<String, String>> ENV_VARS = new Setting<>(WORKERS_S, "env", List.of("-e", "--env"), "KEY=VALUE", ENV,
            Map.of(), 0, "Environment variable for the workers (repeatable).");
    public static final Setting<List<String>> CLASSPATH = new Setting<>(APP, "classpath", List.of("--classpath"), "PATH", STRINGS,
            List.of(), 0, "Jar or directory of the application, relative to app.yaml (repeatable).");
    public static final Setting<List<String>> SERVICES = new Setting<>(APP, "services", List.of("--service"), "CLASS", STRINGS,
            List.of(), 0, "Service class to run in every worker (repeatable; required).");
    public static final Setting<List<String>> HOOKS = new Setting<>(APP, "hooks", List.of("--hooks"), "CLASS", STRINGS,
            List.of(), 0, "Hook class implementing ArbiterHooks and/or WorkerHooks (repeatable).");
    public static final Setting<String> LOGLEVEL_S = new Setting<>(LOGGING, "loglevel", List.of("--log-level"), "LEVEL", LOGLEVEL,
            "info", 0, "debug, info, warning, error or critical.");
    public static final Setting<String> ERRORLOG = new Setting<>(LOGGING, "errorlog", List.of("--error-logfile"), "FILE", STRING,
            "-", 0, "Error log file; '-' is stderr.");
    public static final Setting<String> LOG_FORMAT = new Setting<>(LOGGING, "log_format", List.of("--log-format"), "FORMAT", Setting.Kind.LOGFORMAT,
            "text", 0, "Error log lines as 'text' (gunicorn's layout) or 'json' (one object per line, for log shippers).");
    public static final Setting<String> ACCESSLOG = new Setting<>(LOGGING, "accesslog", List.of("--access-logfile"), "FILE", STRING,
            null, 0, "Access log file; '-' is stdout; unset: no access log.");
    public static final Setting<String> ACCESS_LOG_FORMAT = new Setting<>(LOGGING, "access_log_format", List.of("--access-logformat"), "FORMAT", STRING,
            "%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s \"%(f)s\" \"%(a)s\"", 0, "Access log line, in gunicorn's %(atom)s format.");
    public static final Setting<String> LOGCONFIG = new Setting<>(LOGGING, "logconfig", List.of("--log-config"), "FILE", STRING,
            null, 0, "A logback XML file (gunicorn's is a Python fileConfig file), relative to app.yaml, applied in the master and the workers after jarbiter's own set-up: its appenders add to the error log, its levels win.");
    public static final Setting<Boolean> SYSLOG = new Setting<>(LOGGING, "syslog", List.of("--log-syslog"), "", BOOL,
            false, 0, "Also send the error log's lines to syslog at syslog_addr (RFC 3164: <PRI>TIMESTAMP HOST TAG[PID]: [LEVEL] message).");
    public static final Setting<String> SYSLOG_ADDR = new Setting<>(LOGGING, "syslog_addr", List.of("--log-syslog-to"), "SYSLOG_ADDR", STRING,
            "udp://localhost:514", 0, "Where syslog lines go: udp://HOST:PORT or tcp://HOST:PORT (one line each, newline-framed); unix:// sockets are not supported.");
    public static final Setting<String> SYSLOG_PREFIX = new Setting<>(LOGGING, "syslog_prefix", List.of("--log-syslog-prefix"), "SYSLOG_PREFIX", STRING,
            null, 0, "The syslog TAG (program name) of jarbiter's lines; unset: jarbiter.");
    public static final Setting<String> SYSLOG_FACILITY = new Setting<>(LOGGING, "syslog_facility", List.of("--log-syslog-facility"), "SYSLOG_FACILITY", STRING,
            "user", 0, "Syslog facility name: user, daemon, local0 to local7, ... (gunicorn's names).");
    public static final Setting<Path> PIDFILE = new Setting<>(PROCESS, "pidfile", List.of("-p", "--pid"), "FILE", PATH,
            null, 0, "File to write the master's pid to.");
    public static final Setting<String> USER = new Setting<>(PROCESS, "user", List.of("-u", "--user"), "USER", STRING,
            null, 0, "Run the workers as this user (name or uid); the master keeps its own (root may rebind on reload).");
    public static final Setting<String> GROUP = new Setting<>(PROCESS, "group", List.of("-g", "--group"), "GROUP", STRING,
            null, 0, "Run the workers with this group (name or gid); default: the user's primary group.");
    public static final Setting<String> CONTROL_SOCKET = new Setting<>(PROCESS, "control_socket", List.of("--control-socket"), "PATH", STRING,
            "~/.jarbiter/jarbiter.ctl", 0, "Unix socket for 'jarbiter status' and 'jarbiter ctl' (mode 0600, same user or root only); 'off' disables.");
    public static final Setting<String> METRICS_BIND = new Setting<>(PROCESS, "metrics_bind", List.of("--metrics-bind"), "ADDRESS", STRING,
            null, 0, "HOST:PORT where the master serves Prometheus metrics at /metrics; unset: no metrics listener.");
    public static final Setting<Integer> UMASK = new Setting<>(PROCESS, "umask", List.of("-m", "--umask"), "OCTAL", OCTAL,
            0022, 0, "File mode mask for files jarbiter writes, in octal.");
    public static final Setting<String> PROC_NAME = new Setting<>(PROCESS, "proc_name", List.of("-n", "--name"), "STRING", STRING,
            null, 0, "Name that tells this server's processes apart in ps: on the master's and workers' command lines (-Djarbiter.proc=master:NAME, worker:NAME); default: the app file's path.");
    public static final Setting<String> STATSD_HOST = new Setting<>(LOGGING, "statsd_host", List.of("--statsd-host"), "HOST:PORT", STRING,
            null, 0, "Send gunicorn's statsd metrics (gunicorn.requests, gunicorn.request.duration, ...) over UDP to this address; unset: none.");
    public static final Setting<String> STATSD_PREFIX = new Setting<>(LOGGING, "statsd_prefix", List.of("--statsd-prefix"), "PREFIX", STRING,
            null, 0, "Prefix of every statsd metric name (a dot is added).");
    public static final Setting<String> DOGSTATSD_TAGS = new Setting<>(LOGGING, "dogstatsd_tags", List.of("--dogstatsd-tags"), "TAGS", STRING,
            null, 0, "Comma-separated DogStatsD tags (key:value) added to every statsd metric.");
    public static final Setting<Boolean> CHECK_CONFIG = new Setting<>(INFO, "check_config", List.of("--check-config"), "", BOOL,
            false, 0, "Check the configuration, then load the hooks and every service in a worker JVM as a boot does (classes,"
                    + " entrypoints, parameters, dependencies) without starting anything; print every problem and exit 0, 1 (the master"
                    + " would refuse to start) or 4 (APP_LOAD_ERROR).");
    public static final Setting<Boolean> BUILD_ARCHIVE = new Setting<>(INFO, "build_archive", List.of("--build-archive"), "", BOOL,
            false, 0, "Boot one worker to build the class-data archive for this app and JDK into jvm_archive_dir, then exit.");
    public static final Setting<Boolean> PRINT_CONFIG = new Setting<>(INFO, "print_config", List.of("--print-config"), "", BOOL,
            false, 0, "Print the effective configuration as YAML, then exit: every setting (paths made absolute) then the service configuration; saved, it works as an app.yaml.");

    private static final List<Setting<?>> ALL = List.of(BIND, BACKLOG, KEEPALIVE, WORKERS, TIMEOUT, GRACEFUL_TIMEOUT,
            WORKER_BOOT_TIMEOUT, MAX_REQUESTS, MAX_REQUESTS_JITTER, WORKER_TMP_DIR, JVM_ARGS, JVM_ARCHIVE_DIR, CODE_SNAPSHOT_DIR, ENV_VARS, CLASSPATH, SERVICES,
            HOOKS, LOGLEVEL_S, LOG_FORMAT, ERRORLOG, ACCESSLOG, ACCESS_LOG_FORMAT, PIDFILE, USER, GROUP, UMASK, CONTROL_SOCKET, METRICS_BIND,
            CHECK_CONFIG, BUILD_ARCHIVE, PRINT_CONFIG,
            FORWARDED_ALLOW_IPS, SECURE_SCHEME_HEADERS, PROXY_PROTOCOL, PROXY_ALLOW_IPS,
            CERTFILE, KEYFILE, CA_CERTS, CERT_REQS, CIPHERS, TLS_MIN_VERSION, HTTP2,
            LIMIT_REQUEST_LINE, LIMIT_REQUEST_FIELDS, LIMIT_REQUEST_FIELD_SIZE, LIMIT_REQUEST_BODY, CLIENT_HEADER_TIMEOUT, CLIENT_BODY_TIMEOUT,
            RELOAD_STRATEGY, WORKER_THREADS,
            PROC_NAME, STATSD_HOST, STATSD_PREFIX, DOGSTATSD_TAGS,
            LOGCONFIG, SYSLOG, SYSLOG_ADDR, SYSLOG_PREFIX, SYSLOG_FACILITY);

    private Settings() {}

    public static List<Setting<?>> all() {
        return ALL;
    }

    /** The setting with this app.yaml name, or null. */
    public static Setting<?> byName(String name) {
        for (Setting<?> s : ALL) if (s.name().equals(name)) return s;
        return null;
    }

    /** The setting with this flag, or null. */
    public static Setting<?> byFlag(String flag) {
        for (Setting<?> s : ALL) if (s.flags().contains(flag)) return s;
        return null;
    }

    private static String defaultTmpDir() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm.toString() : System.getProperty("java.io.tmpdir");
    }
}
