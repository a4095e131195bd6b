package io.jarbiter.amqp;

import io.jarbiter.conf.Config;
import io.jarbiter.conf.ConfigException;
import io.jarbiter.conf.NamekoKeys;
import io.jarbiter.process.Json;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jarbiter rpc [--config APP_YAML] [--broker URI] [--timeout S] SERVICE.METHOD [ARGS_JSON] [KWARGS_JSON]}:
 * calls a service (Python nameko or jarbiter) and prints the JSON result (exit 0), or the remote
 * error as {@code <exc_type>: <value>} on stderr (exit 1). Usage errors exit 2. The broker comes from
 * {@code --broker}, else the app file's {@code AMQP_URI}, else the {@code AMQP_URI} environment variable.
 * {@code --help} prints the usage and options to stdout (exit 0); a usage error prints them to stderr.
 */
public final class RpcCommand {
    static final String HELP = """
            usage: jarbiter rpc [--config APP_YAML] [--broker URI] [--timeout SECONDS] SERVICE.METHOD [ARGS_JSON] [KWARGS_JSON]

            Call a service (Python nameko or jarbiter) over AMQP with nameko's RPC protocol and print the JSON
            result; a remote error is printed as <exc_type>: <value> on stderr.

            arguments:
              SERVICE.METHOD         e.g. greeting_service.hello
              ARGS_JSON              positional arguments as a JSON list, e.g. '["Ann"]'
              KWARGS_JSON            keyword arguments as a JSON object, e.g. '{"greeting": "Hi"}'

            options:
              --config APP_YAML      read the broker (AMQP_URI) and rpc_exchange from this app file
              --broker URI           the broker, e.g. amqp://guest:guest@localhost:5672/ (default: the app
                                     file's AMQP_URI, else the AMQP_URI environment variable, else localhost)
              --timeout SECONDS      how long to wait for the reply (default %d)
              -h, --help             show this help and exit

            exit codes: 0 result printed, 1 remote error, unknown service or no reply in time, 2 usage error
            """.formatted(ServiceProxy.DEFAULT_TIMEOUT.toSeconds());

    private RpcCommand() {}

    public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> environ) {
        Map<String, Object> config = new HashMap<>();
        if (environ.get("AMQP_URI") != null) config.put(NamekoKeys.AMQP_URI, environ.get("AMQP_URI"));
        Duration timeout = ServiceProxy.DEFAULT_TIMEOUT;
        List<String> positional = new ArrayList<>();
        String broker = null;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--config" -> config.putAll(Config.load(List.of(value(args, ++i, a)), environ).serviceConfig());
                    case "--broker" -> broker = value(args, ++i, a);
                    case "--timeout" -> timeout = seconds(value(args, ++i, a));
                    case "-h", "--help" -> {
                        out.print(HELP);
                        return 0;
                    }
                    default -> {
                        if (a.startsWith("-") && a.length() > 1) return usage(err, "unknown option '" + a + "'");
                        positional.add(a);
                    }
                }
            }
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("Error: " + p));
            return 2;
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        if (broker != null) config.put(NamekoKeys.AMQP_URI, broker);
        if (positional.isEmpty()) return usage(err, "SERVICE.METHOD is required");
        if (!positional.get(0).contains(".")) return usage(err, "'" + positional.get(0) + "' is not SERVICE.METHOD, e.g. greeting_service.hello");
        if (positional.size() > 3) return usage(err, "unexpected argument '" + positional.get(3) + "'");
        String target = positional.get(0);
        int dot = target.lastIndexOf('.');
        List<Object> callArgs;
        Map<String, Object> kwargs;
        try {
            callArgs = positional.size() > 1 ? Json.MAPPER.readValue(positional.get(1), Json.MAPPER.getTypeFactory().constructCollectionType(List.class, Object.class)) : List.of();
            kwargs = positional.size() > 2 ? Json.MAPPER.readValue(positional.get(2), Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Object.class)) : Map.of();
        } catch (java.io.IOException e) {
            return usage(err, "ARGS_JSON must be a JSON list and KWARGS_JSON a JSON object: " + e.getMessage());
        }
        try (ClusterRpcProxy rpc = ClusterRpcProxy.connect(config, Map.of(), timeout)) {
            Object result = rpc.service(target.substring(0, dot)).call(target.substring(dot + 1), callArgs, kwargs);
            out.println(Json.MAPPER.writeValueAsString(result));
            return 0;
        } catch (RemoteError e) {
            err.println(e.excType() + ": " + e.value());
            return 1;
        } catch (UnknownService | RpcTimeout e) {
            err.println(e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.print("Error: " + problem + "\n" + HELP);
        return 2;
    }

    private static Duration seconds(String text) {
        try {
            double s = Double.parseDouble(text);
            if (s > 0 && s < 1e9) return Duration.ofMillis((long) (s * 1000));
        } catch (NumberFormatException e) {
            // the error below
        }
        throw new IllegalArgumentException("--timeout must be a positive number of seconds, got '" + text + "'");
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) throw new IllegalArgumentException(flag + " needs a value");
        return args.get(i);
    }
}
