package io.jarbiter.amqp;

import io.jarbiter.conf.Config;
import io.jarbiter.conf.ConfigException;
import io.jarbiter.web.internal.Json;

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
 */
public final class RpcCommand {
    static final String USAGE = "usage: jarbiter rpc [--config APP_YAML] [--broker URI] [--timeout SECONDS] SERVICE.METHOD [ARGS_JSON] [KWARGS_JSON]";

    private RpcCommand() {}

    public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> environ) {
        Map<String, Object> config = new HashMap<>();
        if (environ.get("AMQP_URI") != null) config.put("AMQP_URI", environ.get("AMQP_URI"));
        Duration timeout = ServiceProxy.DEFAULT_TIMEOUT;
        List<String> positional = new ArrayList<>();
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--config" -> config.putAll(Config.load(List.of(value(args, ++i, a)), environ).serviceConfig());
                    case "--broker" -> config.put("AMQP_URI", value(args, ++i, a));
                    case "--timeout" -> timeout = Duration.ofMillis((long) (Double.parseDouble(value(args, ++i, a)) * 1000));
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> positional.add(a);
                }
            }
        } catch (ConfigException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        if (positional.isEmpty() || positional.size() > 3 || !positional.get(0).contains(".")) {
            err.println(USAGE);
            return 2;
        }
        String target = positional.get(0);
        int dot = target.lastIndexOf('.');
        List<Object> callArgs;
        Map<String, Object> kwargs;
        try {
            callArgs = positional.size() > 1 ? Json.MAPPER.readValue(positional.get(1), Json.MAPPER.getTypeFactory().constructCollectionType(List.class, Object.class)) : List.of();
            kwargs = positional.size() > 2 ? Json.MAPPER.readValue(positional.get(2), Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Object.class)) : Map.of();
        } catch (java.io.IOException e) {
            err.println("Error: ARGS_JSON must be a JSON list and KWARGS_JSON a JSON object: " + e.getMessage() + "\n" + USAGE);
            return 2;
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

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) throw new IllegalArgumentException(flag + " needs a value");
        return args.get(i);
    }
}
