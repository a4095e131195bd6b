package io.jarbiter.arbiter.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jarbiter ctl --help} stays true to the commands the control socket accepts. */
@Timeout(10)
class ControlCommandHelpTest {
    @Test
    void ctlHelpListsEveryCommandTheMasterAccepts() {
        for (String command : ControlServer.COMMANDS.keySet()) {
            assertTrue(ControlCommand.CTL_HELP.lines().anyMatch(l -> l.startsWith("  " + command + " ") || l.contains(" / " + command + " ")
                    || l.startsWith("  " + command + " / ")), command + " in\n" + ControlCommand.CTL_HELP);
        }
    }
}
