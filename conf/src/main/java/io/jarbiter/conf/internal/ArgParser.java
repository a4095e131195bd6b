package io.jarbiter.conf.internal;

import io.jarbiter.conf.ConfigException;
import io.jarbiter.conf.Setting;
import io.jarbiter.conf.Settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * gunicorn-style command line: {@code --flag value}, {@code --flag=value}, {@code -w4}, boolean flags
 * without a value, repeatable list flags, one positional APP_YAML. Produces raw strings per setting;
 * {@link Values} converts them.
 */
public final class ArgParser {
    /** What one command line said. */
    public record Parsed(Map<Setting<?>, Object> values, List<String> flagsUsed, String appYaml, boolean help, boolean version) {}

    private ArgParser() {}

    /** Parses {@code args}; every unknown option, missing value or extra argument goes to {@code problems}. */
    public static Parsed parse(List<String> args, String origin, Problems problems) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        List<String> flagsUsed = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        boolean help = false, version = false, unknown = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
                continue;
            }
            if (arg.equals("--version") || arg.equals("-v")) {
                version = true;
                continue;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                positional.add(arg);
                continue;
            }
            String flag = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (!arg.startsWith("--") && arg.length() > 2) {
                flag = arg.substring(0, 2);
                value = arg.substring(2);
            }
            Setting<?> s = Settings.byFlag(flag);
            if (s == null) {
                unknown = true;
                if (unknown(flag, origin, problems) && value == null && i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                    i++; // the value of a misspelt option is not the APP_YAML
                }
                continue;
            }
            if (s.kind() == Setting.Kind.BOOL) {
                values.put(s, value == null ? "true" : value);
            } else {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        problems.usage(origin + flag + ": expected a value (" + s.metavar() + ")");
                        continue;
                    }
                    value = args.get(++i);
                }
                store(values, s, value);
            }
            flagsUsed.add(flag);
        }
        return new Parsed(values, flagsUsed, appYaml(positional, unknown, origin, problems), help, version);
    }

    /**
     * The one positional argument. After an unknown option the extra ones are most likely its values,
     * already reported with it; the last is then taken as the APP_YAML.
     */
    private static String appYaml(List<String> positional, boolean afterUnknown, String origin, Problems problems) {
        if (positional.isEmpty()) return null;
        if (afterUnknown) return positional.get(positional.size() - 1);
        for (String extra : positional.subList(1, positional.size())) {
            problems.usage(origin + "unexpected argument '" + extra + "': only one APP_YAML may be given");
        }
        return positional.get(0);
    }

    @SuppressWarnings("unchecked")
    private static void store(Map<Setting<?>, Object> values, Setting<?> s, String value) {
        if (s.repeatable()) {
            ((List<String>) values.computeIfAbsent(s, k -> new ArrayList<String>())).add(value);
        } else {
            values.put(s, value);
        }
    }

    /** Reports an unknown option with the closest known one; true when that one takes a value. */
    private static boolean unknown(String flag, String origin, Problems problems) {
        List<String> all = new ArrayList<>();
        for (Setting<?> s : Settings.all()) all.addAll(s.flags());
        all.addAll(List.of("--help", "--version"));
        String close = Suggest.closest(flag, all);
        problems.usage(origin + "unrecognized option '" + flag + "'" + (close != null ? "; did you mean '" + close + "'?" : "; see --help"));
        Setting<?> meant = close == null ? null : Settings.byFlag(close);
        return meant != null && meant.kind() != Setting.Kind.BOOL;
    }

    /** Splits {@code JARBITER_CMD_ARGS} like a shell: whitespace separates, quotes group, backslash escapes. */
    public static List<String> split(String line) throws ConfigException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else if (c == '\\' && quote == '"' && i + 1 < line.length()) cur.append(line.charAt(++i));
                else cur.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                inToken = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
                inToken = true;
            } else if (Character.isWhitespace(c)) {
                if (inToken) out.add(cur.toString());
                cur.setLength(0);
                inToken = false;
            } else {
                cur.append(c);
                inToken = true;
            }
        }
        if (quote != 0) throw ConfigException.usage("JARBITER_CMD_ARGS: unclosed quote in '" + line + "'");
        if (inToken) out.add(cur.toString());
        return out;
    }
}
