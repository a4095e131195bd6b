package io.jarbiter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the bench reads from /proc: children, proportional set size, CPU time. */
final class ProcStats {
    private ProcStats() {}

    /** Direct children of {@code pid} (every thread's children file). */
    static List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                for (String s : Files.readString(t.resolve("children")).trim().split("\\s+")) {
                    if (!s.isEmpty()) out.add(Long.parseLong(s));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone or exiting: no children to report
        }
        return out;
    }

    /** PSS in kB from smaps_rollup: shared pages (the class-data archive, libjvm) count once across processes. */
    static long pssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            if (line.startsWith("Pss:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IOException("no Pss line for " + pid);
    }

    /** utime + stime in clock ticks (USER_HZ, 100 per second on Linux). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static boolean alive(long pid) {
        return Files.exists(Path.of("/proc", Long.toString(pid)));
    }
}
