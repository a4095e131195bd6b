package io.jarbiter.tests;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads /proc for process tests: open fds, memory maps, zombies, process state. */
final class ProcFs {
    private ProcFs() {}

    /** fd number → link target (e.g. {@code socket:[123]}, {@code /dev/shm/x (deleted)}). */
    static Map<Integer, String> fds(long pid) throws IOException {
        Map<Integer, String> fds = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : dir) {
                try {
                    fds.put(Integer.parseInt(fd.getFileName().toString()), Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed while we looked
                }
            }
        }
        return fds;
    }

    /** The process's command line ({@code /proc/PID/cmdline}), its arguments separated by spaces. */
    static String cmdline(long pid) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
    }

    /** The process's memory map ({@code /proc/PID/maps}): which files it has mapped. */
    static String maps(long pid) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/maps"));
    }

    /** The process's resident set size in kB ({@code VmRSS} of {@code /proc/PID/status}). */
    static long vmRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    /** The one-letter state of a process (R, S, Z, T, ...), or "" when it is gone. */
    static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return "";
        }
    }

    /** Every zombie process visible in /proc. */
    static List<Long> zombies() throws IOException {
        List<Long> result = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : dir) {
                long pid = Long.parseLong(p.getFileName().toString());
                if ("Z".equals(state(pid))) result.add(pid);
            }
        }
        return result;
    }
}
