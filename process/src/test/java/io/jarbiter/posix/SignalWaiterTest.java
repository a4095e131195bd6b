package io.jarbiter.posix;

import io.jarbiter.process.WorkerContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * In a JVM spawned as the master spawns workers (their signals blocked from the first instruction): a signal
 * reaches the sink, and {@code close()} returns with the thread gone, out of its native wait, so that the
 * JVM's exit does not wait 300 ms for it; the WINCH that woke it is not delivered.
 */
@Timeout(120)
class SignalWaiterTest {
    @Test
    void closeLeavesNoThreadInsideSigtimedwaitAndDeliversNothingMore(@TempDir Path dir) throws Exception {
        Posix posix = Posix.get();
        Path out = dir.resolve("probe.out");
        int fd = posix.createFile(out);
        int pid;
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> env = System.getenv().entrySet().stream().map(Map.Entry::getKey).filter(k -> k.equals("PATH") || k.equals("HOME"))
                    .map(k -> k + "=" + System.getenv(k)).toList();
            List<String> argv = new java.util.ArrayList<>(List.of(java));
            argv.addAll(WorkerContract.workerJvmFlags(Runtime.version().feature()));
            argv.addAll(List.of("-cp", System.getProperty("java.class.path"), SignalWaiterProbe.class.getName()));
            pid = posix.spawn(java, argv, env, new int[0], WorkerContract.WORKER_SIGNALS, fd);
        } finally {
            posix.close(fd);
        }
        AtomicReference<Reaped> reaped = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                reaped.set(posix.reap(pid));
                return reaped.get() != null;
            });
        } finally {
            if (reaped.get() == null) posix.kill(pid, Signals.KILL);
        }
        String printed = Files.readString(out).strip();
        assertEquals(0, reaped.get().exitCode(), printed);
        assertEquals("delivered=true received=[usr1] waiting=false", printed.lines().reduce((a, b) -> b).orElse(""), printed);
    }
}
