package io.jarbiter.bench;

import io.jarbiter.arbiter.WorkerJvm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * RPC and events over the local RabbitMQ, side by side in interleaved rounds: jarbiter's echo service
 * ({@code bench/rpc.yaml}, {@code -w 2}, {@code max_workers} 10) against a bare amqp-client consumer doing
 * nameko's work ({@link BareRpcServer}) and Python nameko 2.14 ({@link NamekoPeer}), all driven by the
 * same bare load client ({@link RpcLoad}); jarbiter's own ClusterRpcProxy as the load client beside it;
 * and event dispatch → handler against nameko's. Every server is started and warmed once; each round
 * takes them in turn, the order rotating, and each ratio is the median of the per-round ratios.
 */
final class RpcBench {
    static final int IN_FLIGHT = 64;
    private static final String JARBITER = "bench_echo", BARE = "bench_bare";
    private static final String JARBITER_EVENT = "to_jarbiter";
    private static final String JARBITER_EVENT_QUEUE = "evt-" + EventLoad.SOURCE + "-" + JARBITER_EVENT + "--" + JARBITER + ".onTick";
    private final Servers servers;
    private final Report report;
    private final Path home;
    private final int rounds;
    private final Duration duration;
    private final Duration warmUp;

    RpcBench(Servers servers, Report report, Path home, int rounds, Duration duration, Duration warmUp) {
        this.servers = servers;
        this.report = report;
        this.home = home;
        this.rounds = rounds;
        this.duration = duration;
        this.warmUp = warmUp;
    }

    /** One RPC server under measurement and its per-round results. */
    private static final class Target {
        final String name, service;
        final ServerProcess server;
        final String eventType, eventQueue;
        final List<RpcLoad.Result> loaded = new ArrayList<>(), single = new ArrayList<>(), proxied = new ArrayList<>();
        final List<Double> events = new ArrayList<>();
        long nextEvents = 2000;

        Target(String name, String service, ServerProcess server, String eventType, String eventQueue) {
            this.name = name;
            this.service = service;
            this.server = server;
            this.eventType = eventType;
            this.eventQueue = eventQueue;
        }

        List<Double> of(List<RpcLoad.Result> results, Function<RpcLoad.Result, Double> f) {
            return results.stream().map(f).toList();
        }
    }

    void run(String amqpUri) throws IOException, InterruptedException {
        List<Target> targets = new ArrayList<>();
        try (Broker broker = new Broker(amqpUri); RpcLoad load = new RpcLoad(amqpUri); ProxyLoad proxy = new ProxyLoad(amqpUri);
             EventLoad events = new EventLoad(amqpUri, broker)) {
            try {
                start(targets, broker, amqpUri);
                for (Target t : targets) {
                    broker.purge("rpc-" + t.service);
                    if (t.eventQueue != null) broker.purge(t.eventQueue);
                    load.run(t.service, IN_FLIGHT, warmUp);
                    load.run(t.service, 1, warmUp.dividedBy(4));
                    if (t.service.equals(JARBITER)) proxy.run(t.service, IN_FLIGHT, warmUp.dividedBy(2));
                    if (t.eventQueue != null) measureEvents(events, t, Duration.ofSeconds(120), false);
                }
                for (int round = 0; round < rounds; round++) {
                    for (int i = 0; i < targets.size(); i++) measure(load, proxy, targets.get((round + i) % targets.size()), round);
                    for (int i = 0; i < targets.size(); i++) {
                        Target t = targets.get((round + i) % targets.size());
                        if (t.eventQueue != null) measureEvents(events, t, duration.multipliedBy(6), true);
                    }
                }
            } finally {
                targets.forEach(t -> t.server.close());
                for (String q : List.of("rpc-" + JARBITER, "rpc-" + BARE, "rpc-" + NamekoPeer.SERVICE, JARBITER_EVENT_QUEUE, NamekoPeer.EVENT_QUEUE)) {
                    broker.delete(q);
                }
            }
        }
        rows(targets);
    }

    private void start(List<Target> targets, Broker broker, String amqpUri) throws IOException {
        ServerProcess j = servers.jarbiterSpawn(2, "bench/rpc.yaml");
        targets.add(new Target("jarbiter", JARBITER, j, JARBITER_EVENT, JARBITER_EVENT_QUEUE));
        broker.awaitConsumers("rpc-" + JARBITER, 2, Duration.ofSeconds(90), j);
        broker.awaitConsumers(JARBITER_EVENT_QUEUE, 2, Duration.ofSeconds(30), j);

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(WorkerJvm.defaultOptions(Runtime.version())); // the workers' heap and GC flags
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BareRpcServer.class.getName(), amqpUri, BARE));
        ServerProcess bare = ServerProcess.spawn("bare-rpc", cmd, Map.of(), 0);
        targets.add(new Target("bare", BARE, bare, null, null));
        broker.awaitConsumers("rpc-" + BARE, 2, Duration.ofSeconds(60), bare);

        NamekoPeer peer = NamekoPeer.find(home, report);
        if (peer == null) return;
        ServerProcess n = peer.start(amqpUri);
        try {
            broker.awaitConsumers("rpc-" + NamekoPeer.SERVICE, 1, Duration.ofSeconds(90), n);
            broker.awaitConsumers(NamekoPeer.EVENT_QUEUE, 1, Duration.ofSeconds(30), n);
            targets.add(new Target("nameko", NamekoPeer.SERVICE, n, NamekoPeer.EVENT_TYPE, NamekoPeer.EVENT_QUEUE));
        } catch (IOException e) {
            n.close();
            report.note("the nameko peer did not start (" + e.getMessage().lines().findFirst().orElse("") + "): the nameko rows are skipped.");
        }
    }

    /** N in flight, then 1 in flight, from the bare load client; for jarbiter, ClusterRpcProxy right after. */
    private void measure(RpcLoad load, ProxyLoad proxy, Target t, int round) throws IOException, InterruptedException {
        RpcLoad.Result r = load.run(t.service, IN_FLIGHT, duration);
        print(round, t.name + " " + IN_FLIGHT, r);
        t.loaded.add(r);
        if (t.service.equals(JARBITER)) {
            RpcLoad.Result p = proxy.run(t.service, IN_FLIGHT, duration);
            print(round, "proxy " + IN_FLIGHT, p);
            t.proxied.add(p);
        }
        RpcLoad.Result one = load.run(t.service, 1, duration.dividedBy(2));
        print(round, t.name + " 1", one);
        t.single.add(one);
    }

    private void measureEvents(EventLoad events, Target t, Duration timeout, boolean record) throws IOException {
        double rate = events.run(t.eventType, t.eventQueue, t.nextEvents, timeout);
        if (Double.isNaN(rate)) {
            System.out.printf("    %s events: %d did not drain within %d s%n", t.name, t.nextEvents, timeout.toSeconds());
            t.nextEvents = Math.max(500, t.nextEvents / 4);
            if (record) t.events.add(Double.NaN);
            return;
        }
        if (record) {
            System.out.printf("    %-16s %9.0f events/s (%d events)%n", t.name + " events", rate, t.nextEvents);
            t.events.add(rate);
        }
        // about one run's worth at the rate just seen, so every target's run lasts about as long
        t.nextEvents = Math.max(500, Math.min(500_000, (long) (rate * duration.toSeconds())));
    }

    private static void print(int round, String what, RpcLoad.Result r) {
        System.out.printf("    round %d %-12s %8.0f calls/s  p50 %.2f ms  p99 %.2f ms  errors %d%n", round + 1, what, r.callsPerSecond(),
                r.p50Ms(), r.p99Ms(), r.errors());
    }

    private void rows(List<Target> targets) {
        Target j = find(targets, "jarbiter"), b = find(targets, "bare"), n = find(targets, "nameko");
        if (j == null || b == null) return;
        Function<RpcLoad.Result, Double> rate = RpcLoad.Result::callsPerSecond, p50 = RpcLoad.Result::p50Ms, p99 = RpcLoad.Result::p99Ms;
        String each = ", echo, " + IN_FLIGHT + " in flight (bare load client)";
        report.row("RPC calls/s, -w 2 vs bare amqp-client consumer" + each, calls(j.loaded), calls(b.loaded) + " bare",
                Report.pairedRatio(j.of(j.loaded, rate), b.of(b.loaded, rate)), "≥ 0.85×");
        if (n != null) {
            report.row("RPC calls/s, -w 2 vs Python nameko 2.14" + each, calls(j.loaded), calls(n.loaded) + " nameko",
                    Report.pairedRatio(j.of(j.loaded, rate), n.of(n.loaded, rate)), "≥ 4×");
        }
        report.row("RPC latency p50 / p99" + each, ms(j, j.loaded, p50, p99), ms(b, b.loaded, p50, p99) + " bare"
                + (n != null ? ", " + ms(n, n.loaded, p50, p99) + " nameko" : ""), Report.pairedRatio(j.of(j.loaded, p50), b.of(b.loaded, p50)), "");
        report.row("RPC latency p50, 1 call in flight", ms(j, j.single, p50), ms(b, b.single, p50) + " bare"
                + (n != null ? ", " + ms(n, n.single, p50) + " nameko" : ""), Report.pairedRatio(j.of(j.single, p50), b.of(b.single, p50)), "≤ 1.2×");
        report.row("RPC calls/s to -w 2 from ClusterRpcProxy.callAsync vs from the bare load client, " + IN_FLIGHT + " in flight",
                calls(j.proxied), calls(j.loaded) + " bare load client", Report.pairedRatio(j.of(j.proxied, rate), j.of(j.loaded, rate)), "≥ 0.8×");
        if (n != null) {
            report.row("Events dispatched → handled/s, @EventHandler -w 2 vs nameko event_handler", String.format("%,.0f", Report.median(j.events)),
                    String.format("%,.0f nameko", Report.median(n.events)), Report.pairedRatio(j.events, n.events), "(reported)");
        }
        List<String> baselines = new ArrayList<>();
        for (Target t : targets) if (t != j) baselines.add(errors(t) + " " + t.name);
        report.row("RPC errors and lost calls (all rounds, 35 s without a reply = lost)", Long.toString(errors(j)), String.join(", ", baselines), "", "0");
    }

    private static long errors(Target t) {
        return java.util.stream.Stream.of(t.loaded, t.single, t.proxied).flatMap(List::stream).mapToLong(RpcLoad.Result::errors).sum();
    }

    private static String calls(List<RpcLoad.Result> results) {
        return String.format("%,.0f", Report.median(results.stream().map(RpcLoad.Result::callsPerSecond).toList()));
    }

    @SafeVarargs
    private static String ms(Target t, List<RpcLoad.Result> results, Function<RpcLoad.Result, Double>... fs) {
        List<String> parts = new ArrayList<>();
        for (Function<RpcLoad.Result, Double> f : fs) parts.add(String.format("%.2f", Report.median(t.of(results, f))));
        return String.join(" / ", parts) + " ms";
    }

    private static Target find(List<Target> targets, String name) {
        return targets.stream().filter(t -> t.name.equals(name)).findFirst().orElse(null);
    }
}
