package io.jarbiter.conf.internal;

import io.jarbiter.conf.Cli;
import io.jarbiter.conf.ConfigException;
import io.jarbiter.conf.Setting;
import io.jarbiter.conf.Settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load pipeline: defaults &lt; app.yaml &lt; {@code JARBITER_CMD_ARGS} &lt; command line. Produces
 * the plain values by setting name and the service configuration (every other app.yaml key).
 */
public final class ConfigLoader {
    /** The loaded, validated result. */
    public record Loaded(Path appYaml, Map<String, Object> values, Map<String, Object> service) {}

    private ConfigLoader() {}

    public static Loaded load(List<String> argv, Map<String, String> environ) throws ConfigException {
        ArgParser.Parsed cli = ArgParser.parse(argv, "");
        if (cli.help()) throw new ConfigException(ConfigException.Kind.HELP, Cli.helpText());
        if (cli.version()) throw new ConfigException(ConfigException.Kind.VERSION, "jarbiter " + Cli.version());
        String extra = environ.get("JARBITER_CMD_ARGS");
        ArgParser.Parsed env = ArgParser.parse(extra == null ? List.of() : ArgParser.split(extra), "JARBITER_CMD_ARGS: ");
        String app = cli.appYaml() != null ? cli.appYaml() : env.appYaml();
        if (app == null) {
            throw ConfigException.usage("usage: jarbiter [options] APP_YAML: the application file is required (see --help)");
        }
        Path appYaml = Path.of(app).toAbsolutePath().normalize();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting<?> s : Settings.all()) values.put(s.name(), s.defaultValue());
        Map<String, Object> service = new LinkedHashMap<>();
        applyYaml(appYaml, app, environ, values, service);
        applyCli(env, values, "JARBITER_CMD_ARGS: ");
        applyCli(cli, values, "");
        if (((List<?>) values.get("services")).isEmpty()) {
            throw ConfigException.invalid(app + ": 'services' is required: list the service classes, e.g. services: [com.acme.GreetingService]");
        }
        return new Loaded(appYaml, values, service);
    }

    private static void applyYaml(Path file, String shownName, Map<String, String> environ,
                                  Map<String, Object> values, Map<String, Object> service) throws ConfigException {
        List<String> names = new ArrayList<>();
        for (Setting<?> s : Settings.all()) names.add(s.name());
        for (YamlSource.Entry e : YamlSource.read(file, environ)) {
            String where = shownName + ":" + e.line();
            Setting<?> s = Settings.byName(e.key());
            if (s != null) {
                values.put(s.name(), Values.convert(s, e.value(), where));
            } else if (e.key().equals("WEB_SERVER_ADDRESS")) {
                throw ConfigException.invalid(where + ": 'WEB_SERVER_ADDRESS' is replaced by 'bind' in jarbiter; write bind: "
                        + (e.value() == null ? "127.0.0.1:8000" : e.value()));
            } else if (!Settings.NAMEKO_KEYS.contains(e.key()) && Suggest.closest(e.key(), names) != null) {
                throw ConfigException.invalid(where + ": unknown setting '" + e.key() + "'; did you mean '"
                        + Suggest.closest(e.key(), names) + "'?");
            } else {
                service.put(e.key(), e.value());
            }
        }
    }

    private static void applyCli(ArgParser.Parsed parsed, Map<String, Object> values, String origin) throws ConfigException {
        for (Map.Entry<Setting<?>, Object> e : parsed.values().entrySet()) {
            Setting<?> s = e.getKey();
            String flag = origin + s.flags().get(s.flags().size() - 1);
            try {
                values.put(s.name(), Values.convert(s, e.getValue(), flag));
            } catch (ConfigException ex) {
                throw ConfigException.usage(ex.getMessage());
            }
        }
    }
}
