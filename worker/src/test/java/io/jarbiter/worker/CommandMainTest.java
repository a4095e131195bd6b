package io.jarbiter.worker;

import io.jarbiter.conf.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every worker-side command answers its own --help / -h, and a bad usage, without touching a broker. */
@Timeout(30)
class CommandMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(String... argv) {
        out.reset();
        err.reset();
        return CommandMain.run(List.of(argv), new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static List<Cli.Command> workerSide() {
        List<Cli.Command> commands = new ArrayList<>(Cli.commands().stream().filter(Cli.Command::workerSide).toList());
        assertFalse(commands.isEmpty());
        return commands;
    }

    @Test
    void everyWorkerSideCommandPrintsItsUsageAndOptionsOnStdoutForHelp() {
        for (Cli.Command c : workerSide()) {
            for (String flag : List.of("--help", "-h")) {
                assertEquals(0, run(c.name(), flag), c.name() + " " + flag + ": " + err());
                String help = out.toString(StandardCharsets.UTF_8);
                assertTrue(help.startsWith("usage: jarbiter " + c.name() + " "), help);
                assertTrue(help.contains("-h, --help") && help.contains("exit codes:"), help);
                assertEquals("", err());
            }
        }
    }

    @Test
    void aBadUsagePrintsTheProblemAndTheUsageOnStderrWithExit2() {
        for (Cli.Command c : workerSide()) {
            assertEquals(2, run(c.name(), "--no-such-option"), c.name());
            assertTrue(err().startsWith("Error: unknown option '--no-such-option'\nusage: jarbiter " + c.name() + " "), err());
            assertEquals("", out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void rpcNeedsAServiceDotMethod() {
        assertEquals(2, run("rpc"));
        assertTrue(err().startsWith("Error: SERVICE.METHOD is required\n"), err());
        assertEquals(2, run("rpc", "hello"));
        assertEquals(2, run("rpc", "a.b", "[]", "{}", "extra"));
    }

    @Test
    void rpcRefusesATimeoutThatIsNotANumberOfSeconds() {
        assertEquals(2, run("rpc", "--timeout", "soon", "a.b"));
        assertTrue(err().startsWith("Error: --timeout must be a positive number of seconds, got 'soon'\n"), err());
    }

    @Test
    void aMasterSideOrUnknownCommandIsRefusedNamingWhatRunsHere() {
        assertEquals(2, run("status"));
        assertTrue(err().contains("unknown command 'status'") && err().contains("rpc, shell"), err());
        assertEquals(2, run());
    }
}
