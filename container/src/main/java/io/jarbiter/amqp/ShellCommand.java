package io.jarbiter.amqp;

import io.jarbiter.conf.Config;
import io.jarbiter.conf.ConfigException;
import jdk.jshell.tool.JavaShellToolBuilder;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jarbiter shell [--config APP_YAML] [--broker URI]}: nameko's {@code shell}, on the JDK's jshell.
 * The configuration is loaded, {@code n} is a {@link Shell}, and the application's classpath is on the
 * class path. Interactive on a terminal; otherwise it runs the script on standard input and exits.
 * Snippets run in this JVM ({@code --execution local}), so {@code n} is this process's {@link Shell}.
 */
public final class ShellCommand {
    static final String USAGE = "usage: jarbiter shell [--config APP_YAML] [--broker URI]\n\n"
            + "An interactive jshell with n bound to a ready proxy, as in 'nameko shell':\n"
            + "  n.rpc(\"greeting_service\").call(\"hello\", \"Ann\")       call a service (Python nameko or jarbiter)\n"
            + "  n.dispatchEvent(\"billing\", \"paid\", Map.of(\"id\", 7))  dispatch an event as service 'billing'\n"
            + "  n.config()                                         the service configuration\n"
            + "On a terminal it is interactive (/exit to leave); otherwise it runs the snippets on stdin and exits.\n"
            + "The broker comes from --broker, else the app file's AMQP_URI, else the AMQP_URI environment variable.\n\n"
            + "options:\n"
            + "  --config APP_YAML   load the service configuration and the application's classpath from it\n"
            + "  --broker URI        the broker (overrides AMQP_URI)\n"
            + "  -h, --help          show this help and exit\n\n"
            + "exit codes: 0 the shell ended, 1 it could not start, 2 bad usage\n";

    private ShellCommand() {}

    public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err, Map<String, String> environ) {
        Map<String, Object> config = new HashMap<>();
        if (environ.get("AMQP_URI") != null) config.put("AMQP_URI", environ.get("AMQP_URI"));
        List<Path> classpath = new ArrayList<>();
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--config" -> {
                        Config app = Config.load(List.of(value(args, ++i, a)), environ);
                        config.putAll(app.serviceConfig());
                        classpath.addAll(app.classpath());
                    }
                    case "--broker" -> config.put("AMQP_URI", value(args, ++i, a));
                    case "-h", "--help" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException((a.startsWith("-") ? "unknown option '" : "unexpected argument '") + a + "'");
                }
            }
        } catch (ConfigException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.print("Error: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        try (Shell shell = new Shell(config)) {
            Shell.setCurrent(shell);
            return startJShell(classpath, System.console() != null, in, out, err);
        } catch (Exception e) {
            err.println("Error: jarbiter shell: " + e.getMessage());
            return 1;
        } finally {
            Shell.setCurrent(null);
        }
    }

    private static int startJShell(List<Path> appClasspath, boolean interactive, InputStream in, PrintStream out, PrintStream err) throws Exception {
        Path startup = Files.createTempFile("jarbiter-shell-", ".jsh");
        try {
            Files.writeString(startup, "import java.util.*;\nimport io.jarbiter.amqp.*;\nvar n = io.jarbiter.amqp.Shell.current();\n", StandardCharsets.UTF_8);
            List<String> classpath = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
            appClasspath.forEach(p -> classpath.add(p.toString()));
            List<String> options = new ArrayList<>(List.of("--execution", "local", "--class-path", String.join(File.pathSeparator, classpath),
                    "--startup", "DEFAULT", "--startup", startup.toString()));
            if (!interactive) options.addAll(List.of("--feedback", "concise", "-"));
            else out.println("jarbiter shell: n.rpc(\"service\").call(\"method\", args...), n.dispatchEvent(source, type, payload); /exit to leave");
            return JavaShellToolBuilder.builder().in(in, null).out(out).err(err)
                    .persistence(new HashMap<>()) // no java.util.prefs: nothing written to the user's home
                    .start(options.toArray(String[]::new));
        } finally {
            Files.deleteIfExists(startup);
        }
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) throw new IllegalArgumentException(flag + " needs a value");
        return args.get(i);
    }
}
