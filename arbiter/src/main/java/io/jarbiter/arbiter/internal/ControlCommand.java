package io.jarbiter.arbiter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jarbiter.conf.Config;
import io.jarbiter.conf.ConfigException;
import io.jarbiter.conf.Settings;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The client side of the control socket: {@code jarbiter status [--json]} and
 * {@code jarbiter ctl reload|ttin|ttou|stop [--graceful]|reopen|upgrade|stop-workers}, each with an
 * optional {@code --control-socket PATH} or the app.yaml the master runs (its {@code control_socket}).
 * {@code --help} prints the usage to stdout (exit 0); a usage error prints it to stderr (exit 2).
 */
public final class ControlCommand {
    private static final String WHERE = """
              APP_YAML                   the app.yaml the master runs: its control_socket is used
              -s, --control-socket PATH  the master's control socket (default ~/.jarbiter/jarbiter.ctl)
              -h, --help                 show this help and exit
            """;
    static final String STATUS_HELP = """
            usage: jarbiter status [--json] [APP_YAML | --control-socket PATH]

            Show the running master (pid, uptime, generation, listeners, configuration) and one row per
            worker, asked through the master's control socket.

            options:
              --json                     print the status as one JSON object
            """ + WHERE + """

            exit codes: 0 shown, 1 no master answers or it refused, 2 usage error
            """;
    static final String CTL_HELP = """
            usage: jarbiter ctl COMMAND [--json] [APP_YAML | --control-socket PATH]

            Do what a signal to the master does, through its control socket.

            commands:
              reload                     HUP: re-read app.yaml, boot a new generation, retire the old one
              ttin / ttou                TTIN / TTOU: one worker more / fewer
              stop                       QUIT: quick stop
              stop --graceful            TERM: graceful stop, in-flight work finishes
              reopen                     USR1: reopen the log files
              stop-workers               WINCH: stop every worker, keep the master
              upgrade                    USR2: start a new master (new jars, new JVM flags) on the same sockets

            options:
              --json                     print the master's answer as JSON
            """ + WHERE + """

            exit codes: 0 sent, 1 no master answers or it refused, 2 usage error
            """;

    /** How long a client waits for the master's answer (a status is built between two loop ticks). */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ControlCommand() {}

    /** Runs {@code status} or {@code ctl}; returns the exit code (0 ok, 1 no master or refused, 2 usage). */
    public static int run(String verb, List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        String help = verb.equals("status") ? STATUS_HELP : CTL_HELP;
        boolean json = false;
        String socket = null, appYaml = null;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help")) {
                out.print(help);
                return 0;
            } else if (a.equals("--json")) json = true;
            else if (a.equals("--graceful")) words.add(a);
            else if (a.equals("--control-socket") || a.equals("-s")) {
                if (i + 1 >= args.size()) return usage(err, help, a + " needs a value: the path of the master's control socket");
                socket = args.get(++i);
            } else if (a.startsWith("--control-socket=")) socket = a.substring(a.indexOf('=') + 1);
            else if (a.endsWith(".yaml") || a.endsWith(".yml")) appYaml = a;
            else if (a.startsWith("-")) return usage(err, help, "unknown option '" + a + "'");
            else words.add(a);
        }
        String request;
        if (verb.equals("status")) {
            if (!words.isEmpty()) return usage(err, help, "status takes no command, got '" + String.join(" ", words) + "'");
            request = "status";
        } else {
            String command = String.join(" ", words);
            if (command.isEmpty()) return usage(err, help, "ctl needs a command");
            if (!ControlServer.COMMANDS.containsKey(command)) return usage(err, help, "unknown ctl command '" + command + "'");
            request = "ctl " + command;
        }
        Path path;
        try {
            path = socketPath(socket, appYaml, env);
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("Error: " + p));
            return e.exitCode();
        }
        if (path == null) {
            err.println("Error: control_socket is off in " + appYaml + "; there is no socket to talk to");
            return 1;
        }
        String reply;
        try {
            reply = exchange(path, request);
        } catch (IOException e) {
            err.println("Error: no jarbiter master answers at " + path + " (" + e.getMessage() + "); is it running? "
                    + "Pass the app.yaml it runs with, or --control-socket PATH");
            return 1;
        }
        return print(reply, verb, json, out, err);
    }

    private static Path socketPath(String socket, String appYaml, Map<String, String> env) throws ConfigException {
        if (socket != null) return Path.of(socket).toAbsolutePath();
        if (appYaml != null) return Config.load(List.of(appYaml), env).controlSocket().orElse(null);
        return Path.of(Config.expandHome(Settings.CONTROL_SOCKET.defaultValue().toString()));
    }

    /** Sends one request line and reads the answer until the master closes, within {@link #TIMEOUT}. */
    static String exchange(Path path, String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path)); Selector selector = Selector.open()) {
            ByteBuffer req = ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8));
            while (req.hasRemaining()) ch.write(req);
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) throw new IOException("no answer within " + TIMEOUT.toSeconds() + " s");
                if (selector.select(left) == 0) continue;
                selector.selectedKeys().clear();
                int n = ch.read(buf);
                if (n < 0) break;
                all.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return all.toString(StandardCharsets.UTF_8).trim();
        }
    }

    private static int print(String reply, String verb, boolean json, PrintStream out, PrintStream err) {
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(reply);
        } catch (IOException e) {
            err.println("Error: unreadable answer from the master: " + reply);
            return 1;
        }
        if (node.has("error")) {
            err.println("Error: " + node.get("error").asText());
            return 1;
        }
        if (json) out.println(reply);
        else if (verb.equals("status")) out.print(table(node));
        else out.println("Sent " + node.get("signal").asText() + " (" + node.get("command").asText() + ") to the master");
        return 0;
    }

    /** The human form of a status: a header, then one row per worker. */
    static String table(JsonNode s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "jarbiter %s  master pid %d  up %s  generation %d  app %s%n", s.get("version").asText(),
                s.get("pid").asLong(), duration(s.get("uptime_s").asDouble()), s.get("generation").asInt(), s.get("app_yaml").asText()));
        List<String> urls = new ArrayList<>();
        s.get("listeners").forEach(l -> urls.add(l.asText()));
        b.append("listeners: ").append(String.join(", ", urls)).append('\n');
        List<String> restarts = new ArrayList<>();
        s.get("restarts").fields().forEachRemaining(e -> restarts.add(e.getKey() + "=" + e.getValue().asLong()));
        b.append(String.format(Locale.ROOT, "workers: %d running, target %d  requests: %d total, %d in flight  reloads: %d  restarts: %s%n",
                s.get("workers").size(), s.get("workers_target").asInt(), s.get("requests_total").asLong(), s.get("in_flight").asLong(),
                s.get("reloads").asLong(), String.join(" ", restarts)));
        List<String> conf = new ArrayList<>();
        s.get("config").fields().forEachRemaining(e -> { if (!e.getValue().isNull()) conf.add(e.getKey() + "=" + flat(e.getValue())); });
        b.append("config: ").append(String.join("  ", conf)).append("\n\n");
        String row = "%-8s %4s %4s %-9s %9s %10s %10s %10s %10s%n";
        b.append(String.format(Locale.ROOT, row, "PID", "AGE", "GEN", "STATE", "UPTIME", "REQUESTS", "IN-FLIGHT", "LAST-BEAT", "RSS"));
        for (JsonNode w : s.get("workers")) {
            String state = w.get("stopping").asBoolean() ? "stopping" : w.get("booted").asBoolean() ? "booted" : "booting";
            double beat = w.get("last_beat_s").asDouble();
            b.append(String.format(Locale.ROOT, row, w.get("pid").asText(), w.get("age").asText(), w.get("generation").asText(), state,
                    duration(w.get("uptime_s").asDouble()), w.get("requests").asText(), w.get("in_flight").asText(),
                    beat < 0 ? "-" : String.format(Locale.ROOT, "%.1fs", beat), String.format(Locale.ROOT, "%.1f MB", w.get("rss_bytes").asLong() / 1048576.0)));
        }
        return b.toString();
    }

    private static String flat(JsonNode v) {
        if (!v.isArray()) return v.asText();
        List<String> items = new ArrayList<>();
        v.forEach(i -> items.add(i.asText()));
        return String.join(",", items);
    }

    private static String duration(double seconds) {
        if (seconds < 60) return String.format(Locale.ROOT, "%.1fs", seconds);
        if (seconds < 3600) return String.format(Locale.ROOT, "%dm%02ds", (long) seconds / 60, (long) seconds % 60);
        return String.format(Locale.ROOT, "%dh%02dm", (long) seconds / 3600, ((long) seconds % 3600) / 60);
    }

    private static int usage(PrintStream err, String help, String problem) {
        err.print("Error: " + problem + "\n" + help);
        return 2;
    }
}
