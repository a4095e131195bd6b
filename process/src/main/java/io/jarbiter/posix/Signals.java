package io.jarbiter.posix;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Linux signal numbers (x86_64 and aarch64 share them) and gunicorn-style lower-case names. */
public final class Signals {
    public static final int HUP = 1, INT = 2, QUIT = 3, ABRT = 6, KILL = 9, USR1 = 10, USR2 = 12,
            TERM = 15, CHLD = 17, CONT = 18, STOP = 19, TTIN = 21, TTOU = 22, WINCH = 28;
    /** Not a signal: what the master's control threads enqueue to wake the main loop (status requests). */
    public static final int WAKE = 0;

    private static final Map<Integer, String> NAMES = new TreeMap<>(Map.ofEntries(
            Map.entry(HUP, "hup"), Map.entry(INT, "int"), Map.entry(QUIT, "quit"), Map.entry(ABRT, "abrt"),
            Map.entry(KILL, "kill"), Map.entry(USR1, "usr1"), Map.entry(USR2, "usr2"), Map.entry(TERM, "term"),
            Map.entry(CHLD, "chld"), Map.entry(CONT, "cont"), Map.entry(STOP, "stop"), Map.entry(TTIN, "ttin"),
            Map.entry(TTOU, "ttou"), Map.entry(WINCH, "winch")));

    /** The signals the master waits for: blocked in every master thread and in every new worker. */
    public static final int[] MASTER_SET = {HUP, INT, QUIT, ABRT, USR1, USR2, TERM, CHLD, TTIN, TTOU, WINCH};

    private Signals() {}

    /** {@code "hup"} for 1; {@code "signal 40"} for numbers without a name. */
    public static String name(int signo) {
        return NAMES.getOrDefault(signo, "signal " + signo);
    }

    /** Parses {@code HUP}, {@code SIGHUP}, {@code hup} or {@code 1}; -1 when unknown. */
    public static int parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("sig")) n = n.substring(3);
        for (Map.Entry<Integer, String> e : NAMES.entrySet()) {
            if (e.getValue().equals(n)) return e.getKey();
        }
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
