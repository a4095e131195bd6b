package io.jarbiter.arbiter.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The master's pre-spawn check runs this very JDK's java, for real. */
@Timeout(60)
class WorkerJvmCheckTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path tmp;

    @Test
    void aJvmThatStartsPasses() throws Exception {
        WorkerJvmCheck.Outcome ok = WorkerJvmCheck.run(JAVA, List.of("-Xss512k"), List.of(), tmp);
        assertTrue(ok.started(), ok.output());
        assertTrue(ok.output().contains("version"), "java -version said: " + ok.output());
    }

    @Test
    void anUnknownOptionIsRefusedWithTheJvmsOwnWords() throws Exception {
        WorkerJvmCheck.Outcome refused = WorkerJvmCheck.run(JAVA, List.of("-XX:+UseNoSuchGC"), List.of(), tmp);
        assertFalse(refused.started());
        assertEquals("Unrecognized VM option 'UseNoSuchGC'", refused.output());
        try (var left = Files.list(tmp)) {
            assertEquals(0, left.count(), "the output file is unlinked at once");
        }
    }

    @Test
    void unifiedLoggingErrorsAreKeptWithoutDecorationsOrWarnings() {
        String said = """
                [0.004s][warning][gc,ergo] NewSize (24576k) is equal to or greater than initial heap size (16384k).
                [0.013s][error  ][aot    ] AOT cache has aot-linked classes but the archived heap objects cannot be loaded.
                [0.013s][error  ][aot    ] An error has occurred while processing the AOT cache.
                [0.013s][error  ][aot    ] unrecoverable error
                Error occurred during initialization of VM
                """;
        assertEquals("AOT cache has aot-linked classes but the archived heap objects cannot be loaded.; "
                + "An error has occurred while processing the AOT cache.", WorkerJvmCheck.firstLines(said));
    }
}
