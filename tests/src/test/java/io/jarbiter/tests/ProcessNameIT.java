package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** proc_name: ps tells the master and the workers apart, by comm and by command line. */
@Timeout(120)
class ProcessNameIT {
    @TempDir
    Path dir;

    @Test
    void masterAndWorkersShowTheirRoleInCommAndTheNameInTheirCommandLine() throws Exception {
        Path app = Jarbiter.testApp(dir, "");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-n", "shop-api", app.toString())) {
            j.awaitReady();
            long worker = j.bootedPids().get(0);
            assertEquals("jarbiter-master", comm(j.pid()));
            assertEquals("jarbiter-worker", comm(worker));
            String master = ProcFs.cmdline(j.pid());
            assertTrue(master.contains(" -Djarbiter.proc=master:shop-api "), master);
            assertEquals(1, Jarbiter.occurrences(master, "-Djarbiter.proc="), master);
            String workerLine = ProcFs.cmdline(worker);
            assertTrue(workerLine.contains(" -Djarbiter.proc=worker:shop-api "), workerLine);
        }
    }

    @Test
    void theNameIsTheAppFileByDefault() throws Exception {
        Path app = Jarbiter.testApp(dir, "");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), app.toString())) {
            j.awaitReady();
            assertTrue(ProcFs.cmdline(j.pid()).contains("-Djarbiter.proc=master:" + app + " "), ProcFs.cmdline(j.pid()));
            assertTrue(ProcFs.cmdline(j.bootedPids().get(0)).contains("-Djarbiter.proc=worker:" + app + " "));
        }
    }

    private static String comm(long pid) throws Exception {
        return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
    }
}
