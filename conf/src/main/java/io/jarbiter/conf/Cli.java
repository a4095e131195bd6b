package io.jarbiter.conf;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The text the command line shows: {@code --help}, {@code --version}, and the README's settings table. */
public final class Cli {
    private Cli() {}

    public static String version() {
        Properties p = new Properties();
        try (InputStream in = Cli.class.getResourceAsStream("/io/jarbiter/conf/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // fall back below
        }
        return p.getProperty("version", "unknown");
    }

    /**
     * A subcommand: {@code jarbiter NAME ...}; {@code synopsis} is the short form --help lists it by. A command that
     * talks to services ({@code rpc}, {@code shell}) runs in {@link #WORKER_SIDE_MAIN}, on the service library's class
     * path; the others run in the master's main class. {@code bin/jarbiter} picks the main class.
     */
    public record Command(String name, String synopsis, String doc, boolean workerSide) {
        Command(String name, String synopsis, String doc) {
            this(name, synopsis, doc, false);
        }
    }

    /** The main class of the commands that run on the worker side. */
    public static final String WORKER_SIDE_MAIN = "io.jarbiter.worker.CommandMain";

    private static final List<Command> COMMANDS = List.of(
            new Command("new", "new NAME [--package PKG] [--dir DIR]", "Write a new service project: pom, service, test, app.yaml."),
            new Command("rpc", "rpc SERVICE.METHOD [ARGS_JSON]", "Call a service over AMQP (nameko's RPC) and print the JSON result.", true),
            new Command("shell", "shell [--config APP_YAML]", "An interactive jshell with n bound to a ready proxy, as 'nameko shell'.", true),
            new Command("status", "status [--json] [APP_YAML]", "Show the running master and its workers, asked through the control socket."),
            new Command("ctl", "ctl COMMAND [APP_YAML]", "Send the master a signal's command: reload, ttin, ttou, stop, reopen, stop-workers, upgrade."));

    /** Every subcommand, in the order {@link #helpText()} lists them; each answers its own {@code --help}. */
    public static List<Command> commands() {
        return COMMANDS;
    }

    public static boolean isCommand(String word) {
        return COMMANDS.stream().anyMatch(c -> c.name().equals(word));
    }

    public static String helpText() {
        StringBuilder out = new StringBuilder("usage: jarbiter [options] APP_YAML\n"
                + "       jarbiter COMMAND [options]          (jarbiter COMMAND --help shows its usage and options)\n\n"
                + "A prefork process supervisor for the JVM. Without a command it runs the master for APP_YAML;\n"
                + "every master option is also an app.yaml key (in brackets).\n\nCommands:\n");
        for (Command c : COMMANDS) out.append(String.format("  %-34s %s%n", c.synopsis(), c.doc()));
        for (Map.Entry<String, List<Setting<?>>> section : bySection().entrySet()) {
            out.append('\n').append(section.getKey()).append(":\n");
            for (Setting<?> s : section.getValue()) {
                String flags = String.join(", ", s.flags()) + (s.metavar().isEmpty() ? "" : " " + s.metavar());
                out.append(String.format("  %-34s %s [%s]%s%n", flags, s.doc(), s.name(), defaultText(s)));
            }
        }
        out.append("\nOther:\n  -h, --help                         show this help and exit\n"
                + "  -v, --version                      show the version and exit\n");
        return out.toString();
    }

    /** Markdown table of every setting, for the README (kept in sync by a test). */
    public static String settingsReferenceMarkdown() {
        StringBuilder out = new StringBuilder("| setting | flag | default | meaning |\n|---|---|---|---|\n");
        for (Setting<?> s : Settings.all()) {
            String flags = String.join(", ", s.flags().stream().map(f -> "`" + f + "`").toList());
            Object d = s.defaultValue();
            String def = d == null ? "" : "`" + (s.name().equals("worker_tmp_dir") ? "/dev/shm or the temp dir" : s.kind() == Setting.Kind.OCTAL ? "0" + Integer.toOctalString((Integer) d) : d) + "`";
            out.append("| `").append(s.name()).append("` | ").append(flags).append(" | ").append(def.replace("|", "\\|"))
                    .append(" | ").append(s.doc().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }

    private static Map<String, List<Setting<?>>> bySection() {
        Map<String, List<Setting<?>>> sections = new LinkedHashMap<>();
        for (Setting<?> s : Settings.all()) sections.computeIfAbsent(s.section(), k -> new java.util.ArrayList<>()).add(s);
        return sections;
    }

    private static String defaultText(Setting<?> s) {
        Object d = s.defaultValue();
        if (d == null || (d instanceof List<?> l && l.isEmpty()) || (d instanceof Map<?, ?> m && m.isEmpty()) || Boolean.FALSE.equals(d)) return "";
        if (s.kind() == Setting.Kind.OCTAL) return " (default 0" + Integer.toOctalString((Integer) d) + ")";
        return " (default " + d + ")";
    }
}
