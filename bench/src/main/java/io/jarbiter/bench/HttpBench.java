package io.jarbiter.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Hello-world throughput and latency side by side, and errors/latency across HUP reloads under load. */
final class HttpBench {
    private static final int CONNECTIONS = 64;
    static final int WARM_UP_RUNS = 4;
    private final Servers servers;
    private final Load load;
    private final Report report;
    private final int reloadRounds;
    private final int pairedRounds;
    private final Duration duration;
    private final Duration warmUp;

    HttpBench(Servers servers, Load load, Report report, int reloadRounds, int pairedRounds, Duration duration, Duration warmUp) {
        this.servers = servers;
        this.load = load;
        this.report = report;
        this.reloadRounds = reloadRounds;
        this.pairedRounds = pairedRounds;
        this.duration = duration;
        this.warmUp = warmUp;
    }

    /**
     * Every server is started and warmed once, then measured in {@code pairedRounds} short rounds that take the
     * servers in turn (the order rotating each round), so drift on the machine hits them all alike. Each
     * ratio is the median of the per-round ratios, each taken between runs a few seconds apart: on this
     * shared machine undertow alone moved from 68 k to 93 k req/s between two rounds, so a ratio of two
     * medians taken minutes apart moved with it.
     */
    /** worker_threads: virtual needs JDK 21+; the bench runs bin/jarbiter on its own JDK. */
    private static final boolean VIRTUAL_THREADS = Runtime.version().feature() >= 21;

    void throughput(boolean withGunicorn) throws IOException, InterruptedException {
        List<Measured> measured = new ArrayList<>();
        try {
            // one jarbiter serves both entrypoints: /hello is nonBlocking, /hello/{name} runs on a worker thread
            ServerProcess j = servers.jarbiter(2, "bench/hello.yaml");
            measured.add(new Measured("jarbiter", j, "/hello"));
            measured.add(new Measured("dispatched", j, "/hello/World"));
            measured.add(new Measured("example", servers.jarbiter(2, "examples/app.yaml"), "/hello"));
            // the same worker-thread route with the max_workers slots on virtual threads (worker_threads, JDK 21+)
            if (VIRTUAL_THREADS) measured.add(new Measured("virtual", servers.jarbiter(2, "bench/hello.yaml", "--worker-threads", "virtual"), "/hello/World"));
            ServerProcess u = servers.plainUndertow();
            measured.add(new Measured("undertow", u, "/hello"));
            measured.add(new Measured("undertow-dispatch", u, "/hello/World"));
            if (withGunicorn) measured.add(new Measured("gunicorn", servers.gunicorn(2), "/hello"));
            for (Measured m : measured) warmUp(m);
            for (int round = 0; round < pairedRounds; round++) {
                for (int i = 0; i < measured.size(); i++) measured.get((round + i) % measured.size()).run(round);
            }
        } finally {
            measured.stream().map(m -> m.server).distinct().forEach(ServerProcess::close);
        }
        Measured j = find(measured, "jarbiter"), d = find(measured, "dispatched"), u = find(measured, "undertow");
        Measured ud = find(measured, "undertow-dispatch");
        String c = "-c" + CONNECTIONS + " keep-alive";
        report.row("HTTP hello req/s, -w 2 vs single-JVM undertow (" + c + "), nonBlocking entrypoint vs undertow's IO thread", fmt(j.rps()),
                fmt(u.rps()) + " undertow", pairedRatio(j, u), "≥ 1.0×");
        report.row("HTTP hello req/s, -w 2, entrypoint on a worker thread (the default) vs undertow's exchange.dispatch()", fmt(d.rps()),
                fmt(ud.rps()) + " undertow dispatch()", pairedRatio(d, ud), "≥ 1.0×");
        if (VIRTUAL_THREADS) {
            Measured v = find(measured, "virtual");
            report.row("HTTP hello req/s, -w 2, entrypoint on a worker thread: worker_threads virtual vs platform", fmt(v.rps()),
                    fmt(d.rps()) + " platform", pairedRatio(v, d), "");
        } else {
            report.row("HTTP hello req/s, worker_threads virtual vs platform", "skipped", "JDK " + Runtime.version().feature()
                    + " has no virtual threads (JDK 21+)", "", "");
        }
        Measured e = find(measured, "example");
        report.row("HTTP hello req/s, -w 2, nonBlocking, the example app (2 dependency providers per call)", fmt(e.rps()),
                fmt(u.rps()) + " undertow", pairedRatio(e, u), "");
        if (withGunicorn) {
            Measured g = find(measured, "gunicorn");
            report.row("HTTP hello req/s, -w 2 vs gunicorn -w 2 sync", fmt(j.rps()),
                    fmt(g.rps()) + " gunicorn (undertow: " + pairedRatio(u, g) + ")", pairedRatio(j, g), ""); // reported without a target (bench/results/NOTES.md)
        }
        latencyRow(measured, "p50", Load.Result::p50Ms);
        latencyRow(measured, "p99", Load.Result::p99Ms);
        long errors = measured.stream().filter(m -> !m.name.startsWith("undertow") && !m.name.equals("gunicorn"))
                .flatMap(m -> m.results.stream()).mapToLong(Load.Result::errors).sum();
        report.row("HTTP errors (all rounds)", Long.toString(errors), "", "", "0");
    }

    /** One server and path under measurement, and its results, one per round. */
    private final class Measured {
        final String name;
        final ServerProcess server;
        final String path;
        final List<Load.Result> results = new ArrayList<>();

        Measured(String name, ServerProcess server, String path) {
            this.name = name;
            this.server = server;
            this.path = path;
        }

        void run(int round) throws IOException, InterruptedException {
            Load.Result r = load.run(server.url(path), CONNECTIONS, duration, true);
            System.out.printf("    round %d %-10s %9.0f req/s  p50 %.2f ms  p99 %.2f ms  errors %d%n", round + 1, name, r.rps(),
                    r.p50Ms(), r.p99Ms(), r.errors());
            results.add(r);
        }

        double rps() {
            return median(this, Load.Result::rps);
        }
    }

    /**
     * The same warm-up for every server: the table is about steady state, and two worker JVMs that each get
     * half the load take longer to reach C2 than one JVM that gets all of it (~12 s vs ~9 s). In several
     * runs, with new connections each, so that every worker gets its share of them.
     */
    private void warmUp(Measured m) throws IOException, InterruptedException {
        for (int i = 0; i < WARM_UP_RUNS; i++) load.run(m.server.url(m.path), CONNECTIONS, warmUp.dividedBy(WARM_UP_RUNS), true);
    }

    /** The median of the per-round ratios of a's to b's req/s, and their range. */
    private static String pairedRatio(Measured a, Measured b) {
        return Report.pairedRatio(a.results.stream().map(Load.Result::rps).toList(), b.results.stream().map(Load.Result::rps).toList());
    }


    private void latencyRow(List<Measured> measured, String label, ToDoubleFunction<Load.Result> f) {
        double j = median(find(measured, "jarbiter"), f), u = median(find(measured, "undertow"), f);
        Measured gunicorn = measured.stream().filter(m -> m.name.equals("gunicorn")).findFirst().orElse(null);
        String g = gunicorn != null ? String.format(", %.2f ms gunicorn", median(gunicorn, f)) : "";
        report.row("HTTP latency " + label, String.format("%.2f ms", j), String.format("%.2f ms undertow%s", u, g), Report.ratio(j, u), "");
    }

    private static Measured find(List<Measured> measured, String name) {
        return measured.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    private static double median(Measured m, ToDoubleFunction<Load.Result> f) {
        return Report.median(m.results.stream().map(f::applyAsDouble).toList());
    }

    /**
     * For keep-alive and connection-per-request: a run without reloads, then one with 3 HUPs, on the same
     * server; the ratio is the median of the per-round ratios, as for throughput (the quiet p99 alone moved
     * between 5 and 17 ms from one run to another).
     */
    void reloads() throws IOException, InterruptedException {
        Duration runFor = duration.compareTo(Duration.ofSeconds(12)) < 0 ? Duration.ofSeconds(12) : duration;
        for (boolean keepAlive : new boolean[] {true, false}) {
            List<Double> quietP99 = new ArrayList<>(), reloadP99 = new ArrayList<>();
            long errors = 0, requests = 0;
            for (int round = 1; round <= reloadRounds; round++) {
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
                    Report.pairedRatio(reloadP99, quietP99), "≤ 3×");
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

    private static String fmt(double rps) {
        return String.format("%,.0f", rps);
    }
}
