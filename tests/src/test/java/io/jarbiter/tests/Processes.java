package io.jarbiter.tests;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Processes the tests start in a session of their own ({@code setsid}), so that the started process's pid is
 * also its process group: {@link #killGroup} then takes every process it forked with it (workers, a new master
 * of a USR2 upgrade, a python interpreter's children), and no process outlives a test.
 */
final class Processes {
    private Processes() {}

    /** Starts {@code command} under {@code setsid}, in its own session and process group. */
    static ProcessBuilder inOwnSession(List<String> command) {
        List<String> argv = new ArrayList<>(List.of("setsid"));
        argv.addAll(command);
        return new ProcessBuilder(argv);
    }

    static ProcessBuilder inOwnSession(List<String> command, Map<String, String> env) {
        ProcessBuilder pb = inOwnSession(command);
        pb.environment().putAll(env);
        return pb;
    }

    /**
     * SIGKILLs the process group {@code p} leads, then whatever of its descendants is still seen (one that left the
     * group), then {@code p}; waits (bounded) for {@code p} to be reaped.
     */
    static void killGroup(Process p) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-KILL", "--", "-" + p.pid()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }
}
