package io.jarbiter.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What the supervisor itself costs: spawn → first response, idle memory, idle master CPU, reload time. */
final class ProcessBench implements AutoCloseable {
    private final Servers servers;
    private final Load load;
    private final Report report;
    private final int rounds;
    private final int javaFeature = Runtime.version().feature();
    private UndertowBoot boot; // the baseline JVM's archive, trained on first use and shared by spawn and reload

    ProcessBench(Servers servers, Load load, Report report, int rounds) {
        this.servers = servers;
        this.load = load;
        this.report = report;
        this.rounds = rounds;
    }

    /**
     * Kills the only worker and times its replacement from its spawn to the first response it serves, with and
     * without the archive, beside a plain undertow JVM with the same kind of archive started and timed the same
     * way (the floor on this machine today). The three are measured in turn in every round, and the ratio is the
     * median of the per-round ratios: this machine's speed drifts by ±15 % from one minute to the next.
     */
    void spawnToFirstResponse() throws IOException, InterruptedException {
        String kind = boot().kind();
        List<Double> with = new ArrayList<>(), without = new ArrayList<>(), floor = new ArrayList<>();
        try (ServerProcess a = servers.jarbiter(1, "examples/app.yaml");
             ServerProcess b = servers.jarbiter(1, "examples/app.yaml", "--jvm-archive-dir", "off")) {
            awaitWorkers(a, 1);
            awaitWorkers(b, 1);
            for (int i = 0; i < rounds * 3; i++) {
                with.add(respawnSeconds(a));
                without.add(respawnSeconds(b));
                floor.add(boot().secondsToServe(1));
            }
        }
        System.out.println("    spawn → first response samples: " + with);
        System.out.println("    the same without archive: " + without);
        System.out.println("    plain undertow JVM exec → first response samples: " + floor);
        report.row("Worker spawn → first response, with the " + kind, String.format("%.3f s", Report.median(with)),
                String.format("%.3f s undertow JVM with its %s; %.3f s without archive", Report.median(floor), kind, Report.median(without)),
                Report.pairedRatio(with, floor), javaFeature >= 25 ? "≤ 0.30 s (1.5× undertow)" : "≤ 0.35 s (1.35× undertow)");
    }

    /** Kills {@code j}'s only worker; seconds from its replacement's spawn to the first response that one serves. */
    private static double respawnSeconds(ServerProcess j) throws IOException {
        List<Long> before = ProcStats.children(j.pid());
        if (before.size() != 1) throw new IOException("expected one worker, found " + before);
        long old = before.get(0);
        new ProcessBuilder("kill", "-KILL", Long.toString(old)).start();
        long spawned = awaitNewChild(j.pid(), Set.of(old));
        long t0 = System.nanoTime();
        String pid = null;
        long deadline = t0 + Duration.ofSeconds(30).toNanos();
        while (!Long.toString(spawned).equals(pid) && System.nanoTime() < deadline) {
            pid = j.get("/pid");
            if (!Long.toString(spawned).equals(pid)) ServerProcess.pause(2);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        ServerProcess.pause(1500); // let the new worker finish booting (heartbeat, hooks) before the next kill
        return seconds;
    }

    private static long awaitNewChild(long master, Set<Long> old) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (long c : ProcStats.children(master)) if (!old.contains(c)) return c;
            ServerProcess.pause(1);
        }
        throw new IOException("the master spawned no replacement within 10 s");
    }

    /** PSS of master and workers after a short load and a quiet period, for 1 and 4 workers. */
    void memory(boolean withGunicorn) throws IOException, InterruptedException {
        double undertow;
        try (ServerProcess u = servers.plainUndertow()) {
            undertow = settledPss(u, List.of(u.pid()));
        }
        double gunicorn = Double.NaN;
        if (withGunicorn) {
            try (ServerProcess g = servers.gunicorn(4)) {
                gunicorn = settledPss(g, ProcStats.children(g.pid()));
            }
        }
        for (int workers : new int[] {1, 4}) {
            try (ServerProcess j = servers.jarbiter(workers, "examples/app.yaml")) {
                awaitWorkers(j, workers);
                double w = settledPss(j, ProcStats.children(j.pid()));
                double m = ProcStats.pssKb(j.pid()) / 1024.0;
                String base = String.format("%.0f MB undertow JVM", undertow) + (withGunicorn ? String.format(", %.0f MB gunicorn worker", gunicorn) : "");
                report.row("Idle worker PSS, " + workers + " worker(s)", String.format("%.0f MB", w), base, Report.ratio(w, undertow),
                        workers == 4 ? "≤ 60 MB" : "");
                report.row("Idle master PSS, " + workers + " worker(s)", String.format("%.0f MB", m), "", "", "≤ 60 MB");
            }
        }
    }

    /** Average PSS (MB) of {@code pids} after 2 s of load and 3 s of quiet. */
    private double settledPss(ServerProcess s, List<Long> pids) throws IOException, InterruptedException {
        load.run(s.url("/hello"), 16, Duration.ofSeconds(2), true);
        ServerProcess.pause(3000); // the quiet period being measured
        double sum = 0;
        for (long pid : pids) sum += ProcStats.pssKb(pid);
        return sum / pids.size() / 1024.0;
    }

    /** Master CPU over {@code idle} with 4 idle workers. */
    void idleMasterCpu(Duration idle) throws IOException {
        try (ServerProcess j = servers.jarbiter(4, "examples/app.yaml")) {
            awaitWorkers(j, 4);
            ServerProcess.pause(2000); // let boot-time work settle
            long before = ProcStats.cpuTicks(j.pid());
            ServerProcess.pause(idle.toMillis()); // the idle period being measured
            long ticks = ProcStats.cpuTicks(j.pid()) - before;
            double percent = ticks / 100.0 / idle.toSeconds() * 100;
            report.row("Master CPU while idle " + idle.toSeconds() + " s with 4 workers", String.format("%.2f %% of a core", percent),
                    ticks + " ticks of 10 ms", "", "< 1 %");
        }
    }

    /**
     * HUP with 4 idle workers: until all 4 new workers booted and all 4 old ones exited; each round beside 4
     * plain undertow JVMs started at once, and the ratio is the median of the per-round ratios.
     */
    void reloadTime() throws IOException, InterruptedException {
        List<Double> samples = new ArrayList<>(), floor = new ArrayList<>();
        try (ServerProcess j = servers.jarbiter(4, "examples/app.yaml")) {
            awaitWorkers(j, 4);
            for (int i = 0; i < rounds; i++) {
                Set<Long> old = new HashSet<>(ProcStats.children(j.pid()));
                int from = j.logLines();
                long t0 = System.nanoTime();
                j.signal("HUP");
                if (!j.awaitLog("Reload complete", from, Duration.ofSeconds(30))) throw new IOException("reload did not complete");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (old.stream().anyMatch(ProcStats::alive) && System.nanoTime() < deadline) ServerProcess.pause(5);
                samples.add((System.nanoTime() - t0) / 1e9);
                ServerProcess.pause(1000);
                floor.add(boot().secondsToServe(4));
            }
        }
        System.out.println("    reload samples: " + samples);
        System.out.println("    4 plain undertow JVMs at once, exec → all serving, samples: " + floor);
        report.row("Reload (HUP) of 4 workers: new booted, old gone", String.format("%.2f s", Report.median(samples)),
                String.format("%.2f s for 4 undertow JVMs to start at once", Report.median(floor)), Report.pairedRatio(samples, floor), "≤ 2 s");
    }

    private UndertowBoot boot() throws IOException, InterruptedException {
        if (boot == null) boot = UndertowBoot.trained();
        return boot;
    }

    @Override
    public void close() throws IOException {
        if (boot != null) boot.close();
    }

    private static void awaitWorkers(ServerProcess j, int n) throws IOException {
        if (!j.awaitLog("Ready: " + n + " worker(s) booted", 0, Duration.ofSeconds(60))) throw new IOException("workers did not boot");
    }
}
