package io.jarbiter.worker;

import io.jarbiter.amqp.RpcCommand;
import io.jarbiter.amqp.ShellCommand;
import io.jarbiter.conf.Cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/jarbiter rpc|shell ...}: the commands that talk to services run here, on the service library's class
 * path, not in the master's main class (the master never loads the library). Each answers {@code --help} on
 * stdout (exit 0) and a bad usage on stderr (exit 2), as the master's commands do.
 */
public final class CommandMain {
    private CommandMain() {}

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.in, System.out, System.err, System.getenv()));
    }

    static int run(List<String> argv, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        String name = argv.isEmpty() ? "" : argv.get(0);
        List<String> args = argv.isEmpty() ? List.of() : argv.subList(1, argv.size());
        return switch (name) {
            case "rpc" -> RpcCommand.run(args, out, err, env);
            case "shell" -> ShellCommand.run(args, in, out, err, env);
            default -> {
                err.println("Error: " + (name.isEmpty() ? "a command is required" : "unknown command '" + name + "'")
                        + "; this main class runs: " + String.join(", ",
                        Cli.commands().stream().filter(Cli.Command::workerSide).map(Cli.Command::name).toList()));
                yield 2;
            }
        };
    }
}
