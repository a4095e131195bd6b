package io.jarbiter.arbiter;

import io.jarbiter.conf.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every master-side command --help lists answers its own --help / -h, and a bad usage, without touching a socket. */
@Timeout(30)
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(String command, String... args) {
        out.reset();
        err.reset();
        return Main.runCommand(command, List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void everyCommandPrintsItsUsageAndOptionsOnStdoutForHelp() {
        for (Cli.Command c : Cli.commands().stream().filter(c -> !c.workerSide()).toList()) {
            for (String flag : List.of("--help", "-h")) {
                assertEquals(0, run(c.name(), flag), c.name() + " " + flag + ": " + err);
                String help = out.toString(StandardCharsets.UTF_8);
                assertTrue(help.startsWith("usage: jarbiter " + c.name() + " "), help);
                assertTrue(help.contains("-h, --help") && help.contains("exit codes:"), help);
                assertEquals("", err.toString(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aBadUsagePrintsTheProblemAndTheUsageOnStderrWithExit2() {
        for (Cli.Command c : Cli.commands().stream().filter(c -> !c.workerSide()).toList()) {
            assertEquals(2, run(c.name(), "--no-such-option"), c.name());
            String text = err.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("Error: unknown option '--no-such-option'\nusage: jarbiter " + c.name() + " "), text);
            assertEquals("", out.toString(StandardCharsets.UTF_8));
        }
        assertEquals(2, run("ctl"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Error: ctl needs a command\n"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, run("ctl", "--control-socket"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Error: --control-socket needs a value"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, run("status", "reload"));
    }

    @Test
    void aWorkerSideCommandNamesTheMainClassThatRunsIt() {
        assertEquals(2, run("rpc", "a.b"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(Cli.WORKER_SIDE_MAIN), err.toString(StandardCharsets.UTF_8));
    }
}
