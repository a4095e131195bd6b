package io.jarbiter.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Hello-world throughput and latency side by side, and errors/latency across HUP reloads under load. */
final class HttpBench {
    private static final int CONNECTIONS = 64;
    static final Duration WARM_UP = Duration.ofSeconds(12);
    static final int WARM_UP_RUNS = 4;
    private final Servers servers;
    private final Load load;
    private final Report report;
    private final int rounds;
    private final Duration duration;

    HttpBench(Servers servers, Load load, Report report, int rounds, Duration duration) {
        this.servers = servers;
        this.load = load;
        this.report = report;
        this.rounds = rounds;
        this.duration = duration;
    }

    /** Each round runs every server once, in turn, so drift on the machine hits them all alike. */
    void throughput(boolean withGunicorn) throws IOException, InterruptedException {
        Map<String, List<Load.Result>> results = new TreeMap<>();
        for (int round = 1; round <= rounds; round++) {
            measure(results, "jarbiter", servers.jarbiter(2, "examples/app.yaml"), "/hello");
            measure(results, "dispatched", servers.jarbiter(2, "examples/app.yaml"), "/hello/World");
            measure(results, "undertow", servers.plainUndertow(), "/hello");
            if (withGunicorn) measure(results, "gunicorn", servers.gunicorn(2), "/hello");
        }
        double j = med(results, "jarbiter", Load.Result::rps), u = med(results, "undertow", Load.Result::rps);
        String c = "-c" + CONNECTIONS + " keep-alive";
        report.row("HTTP hello req/s, -w 2 vs single-JVM undertow (" + c + "), nonBlocking entrypoint", fmt(j), fmt(u) + " undertow",
                Report.ratio(j, u), "≥ 0.90×");
        double d = med(results, "dispatched", Load.Result::rps);
        report.row("HTTP hello req/s, -w 2, entrypoint on a worker thread (the default)", fmt(d), fmt(u) + " undertow", Report.ratio(d, u), "");
        if (withGunicorn) {
            double g = med(results, "gunicorn", Load.Result::rps);
            report.row("HTTP hello req/s, -w 2 vs gunicorn -w 2 sync", fmt(j), fmt(g) + " gunicorn", Report.ratio(j, g), "≥ 8×");
        }
        latencyRow(results, "p50", Load.Result::p50Ms);
        latencyRow(results, "p99", Load.Result::p99Ms);
        long errors = results.get("jarbiter").stream().mapToLong(Load.Result::errors).sum();
        report.row("HTTP errors (all rounds)", Long.toString(errors), "", "", "0");
    }

    private void latencyRow(Map<String, List<Load.Result>> results, String label, java.util.function.ToDoubleFunction<Load.Result> f) {
        double j = med(results, "jarbiter", f), u = med(results, "undertow", f);
        String g = results.containsKey("gunicorn") ? String.format(", %.2f ms gunicorn", med(results, "gunicorn", f)) : "";
        report.row("HTTP latency " + label, String.format("%.2f ms", j), String.format("%.2f ms undertow%s", u, g), Report.ratio(j, u), "");
    }

    private void measure(Map<String, List<Load.Result>> results, String name, ServerProcess server, String path)
            throws IOException, InterruptedException {
        try (server) {
            // warm-up, the same for every server: the table is about steady state, and two worker JVMs that
            // each get half the load take longer to reach C2 than one JVM that gets all of it (~12 s vs ~9 s).
            // In four runs with new connections each: the kernel hands a burst of new connections to whichever
            // worker is awake first (measured splits from 32/32 to 64/0), and keep-alive keeps them there, so
            // one long run can leave a worker cold that the measured run's new connections then land on.
            for (int i = 0; i < WARM_UP_RUNS; i++) load.run(server.url(path), CONNECTIONS, WARM_UP.dividedBy(WARM_UP_RUNS), true);
            Load.Result r = load.run(server.url(path), CONNECTIONS, duration, true);
            System.out.printf("    %-10s %9.0f req/s  p50 %.2f ms  p99 %.2f ms  errors %d%n", name, r.rps(), r.p50Ms(), r.p99Ms(), r.errors());
            results.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
        }
    }

    /** For keep-alive and connection-per-request: a run without reloads, then one with 3 HUPs. */
    void reloads() throws IOException, InterruptedException {
        Duration runFor = duration.compareTo(Duration.ofSeconds(12)) < 0 ? Duration.ofSeconds(12) : duration;
        for (boolean keepAlive : new boolean[] {true, false}) {
            List<Double> quietP99 = new ArrayList<>(), reloadP99 = new ArrayList<>();
            long errors = 0, requests = 0;
            for (int round = 1; round <= rounds; round++) {
                try (ServerProcess j = servers.jarbiter(2, "examples/app.yaml")) {
                    load.run(j.url("/hello"), CONNECTIONS, Duration.ofSeconds(3), keepAlive);
                    quietP99.add(load.run(j.url("/hello"), CONNECTIONS, runFor, keepAlive).p99Ms());
                    Thread hups = new Thread(() -> hup3(j, runFor));
                    hups.start();
                    Load.Result r = load.run(j.url("/hello"), CONNECTIONS, runFor, keepAlive);
                    hups.join(runFor.toMillis() + 30_000);
                    reloadP99.add(r.p99Ms());
                    errors += r.errors();
                    requests += r.requests();
                    System.out.printf("    reload round %d (%s): %d requests, %d errors, p99 %.2f ms%n", round,
                            keepAlive ? "keep-alive" : "conn/request", r.requests(), r.errors(), r.p99Ms());
                }
            }
            String mode = keepAlive ? "keep-alive" : "connection per request";
            report.row("Errors during 3 HUPs under load, " + mode, errors + " of " + requests, "", "", "0");
            double rp = Report.median(reloadP99), qp = Report.median(quietP99);
            report.row("p99 during 3 HUPs vs without, " + mode, String.format("%.2f ms", rp), String.format("%.2f ms without", qp),
                    Report.ratio(rp, qp), "≤ 3×");
        }
    }

    /** Three HUPs spread over the run, each after the previous reload completed (bounded waits). */
    private static void hup3(ServerProcess j, Duration runFor) {
        try {
            long gap = runFor.toMillis() / 4;
            for (int i = 1; i <= 3; i++) {
                ServerProcess.pause(gap / 2);
                int from = j.logLines();
                j.signal("HUP");
                if (!j.awaitLog("Reload complete", from, Duration.ofSeconds(20))) System.err.println("bench: reload " + i + " did not complete");
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("bench: HUP thread failed: " + e);
        }
    }

    private static double med(Map<String, List<Load.Result>> results, String name, java.util.function.ToDoubleFunction<Load.Result> f) {
        return Report.median(results.getOrDefault(name, List.of()).stream().map(f::applyAsDouble).toList());
    }

    private static String fmt(double rps) {
        return String.format("%,.0f", rps);
    }
}
