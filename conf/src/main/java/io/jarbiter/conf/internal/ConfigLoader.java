package io.jarbiter.conf.internal;

import io.jarbiter.conf.Cli;
import io.jarbiter.conf.ConfigException;
import io.jarbiter.conf.NamekoKeys;
import io.jarbiter.conf.Setting;
import io.jarbiter.conf.Settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load pipeline: defaults &lt; app.yaml &lt; {@code JARBITER_CMD_ARGS} &lt; command line. Produces
 * the plain values by setting name and the service configuration (every other app.yaml key). Every
 * problem of every stage is gathered and reported together; only a file that cannot be read or parsed
 * at all stops the check early.
 */
public final class ConfigLoader {
    /** The loaded, validated result; {@code warnings} name service keys that look like misspelt nameko keys. */
    public record Loaded(Path appYaml, Map<String, Object> values, Map<String, Object> service, List<String> warnings) {}

    static final String PASSED_TO_SERVICES = "(keys that are not settings are passed to the services as configuration)";

    private ConfigLoader() {}

    public static Loaded load(List<String> argv, Map<String, String> environ) throws ConfigException {
        Problems problems = new Problems();
        ArgParser.Parsed cli = ArgParser.parse(argv, "", problems);
        if (cli.help()) throw new ConfigException(ConfigException.Kind.HELP, Cli.helpText());
        if (cli.version()) throw new ConfigException(ConfigException.Kind.VERSION, "jarbiter " + Cli.version());
        ArgParser.Parsed env = ArgParser.parse(cmdArgs(environ, problems), "JARBITER_CMD_ARGS: ", problems);
        String app = cli.appYaml() != null ? cli.appYaml() : env.appYaml();
        if (app == null) {
            problems.usage("usage: jarbiter [options] APP_YAML: the application file is required (see --help)");
            problems.throwIfAny();
        }
        Path appYaml = Path.of(app).toAbsolutePath().normalize();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting<?> s : Settings.all()) values.put(s.name(), s.defaultValue());
        Map<String, Object> service = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        boolean read = false;
        try {
            applyYaml(YamlSource.read(appYaml, environ, problems), app, values, service, warnings, problems);
            read = true;
        } catch (ConfigException unreadable) {
            problems.add(unreadable);
        }
        applyCli(env, values, "JARBITER_CMD_ARGS: ", problems);
        applyCli(cli, values, "", problems);
        if (read && ((List<?>) values.get("services")).isEmpty()) {
            problems.invalid(app + ": 'services' is required: list the service classes, e.g. services: [com.acme.GreetingService]");
        }
        LogValues.check(appYaml, values, problems);
        problems.throwIfAny();
        return new Loaded(appYaml, values, service, warnings);
    }

    private static List<String> cmdArgs(Map<String, String> environ, Problems problems) {
        String extra = environ.get("JARBITER_CMD_ARGS");
        try {
            return extra == null ? List.of() : ArgParser.split(extra);
        } catch (ConfigException e) {
            problems.add(e);
            return List.of();
        }
    }

    /**
     * A key is a setting, else service configuration. A key close to a setting's name (or to it in
     * another case) is an error: it was meant as a setting. A key close to one of nameko's keys is kept
     * as service configuration, with a warning: a user's own key may legitimately look like one.
     */
    private static void applyYaml(List<YamlSource.Entry> entries, String shownName, Map<String, Object> values,
                                  Map<String, Object> service, List<String> warnings, Problems problems) {
        List<String> known = new ArrayList<>();
        for (Setting<?> s : Settings.all()) known.add(s.name());
        known.addAll(NamekoKeys.all());
        for (YamlSource.Entry e : entries) {
            String where = shownName + ":" + e.line();
            Setting<?> s = Settings.byName(e.key());
            String close = NamekoKeys.all().contains(e.key()) ? null : Suggest.closest(e.key(), known);
            if (s != null) {
                try {
                    // umask: 0027 is YAML's octal 23; the digits as written are what an octal setting means
                    Object raw = s.kind() == Setting.Kind.OCTAL && e.intText() != null ? e.intText() : e.value();
                    values.put(s.name(), Values.convert(s, raw, where));
                } catch (ConfigException ex) {
                    problems.add(ex);
                }
            } else if (e.key().equals(NamekoKeys.WEB_SERVER_ADDRESS)) {
                problems.invalid(where + ": 'WEB_SERVER_ADDRESS' is replaced by 'bind' in jarbiter; write bind: "
                        + (e.value() == null ? "127.0.0.1:8000" : e.value()));
            } else if (e.key().equals(NamekoKeys.SERVICE_CONTAINER_CLS)) {
                problems.invalid(where + ": 'SERVICE_CONTAINER_CLS' names nameko's Python container class; jarbiter runs its own "
                        + "service container: remove the key (extensions go in as @EntrypointType / @DependencyType annotations)");
            } else if (close != null && Settings.byName(close) != null) {
                problems.invalid(where + ": unknown setting '" + e.key() + "'; did you mean '" + close + "'?");
            } else {
                if (close != null) {
                    warnings.add(where + ": '" + e.key() + "' is not a key nameko or jarbiter reads; did you mean " + close + "? "
                            + PASSED_TO_SERVICES);
                }
                service.put(e.key(), e.value());
            }
        }
    }

    private static void applyCli(ArgParser.Parsed parsed, Map<String, Object> values, String origin, Problems problems) {
        for (Map.Entry<Setting<?>, Object> e : parsed.values().entrySet()) {
            Setting<?> s = e.getKey();
            String flag = origin + s.flags().get(s.flags().size() - 1);
            try {
                values.put(s.name(), Values.convert(s, e.getValue(), flag));
            } catch (ConfigException ex) {
                problems.usage(ex.getMessage());
            }
        }
    }
}
