package io.jarbiter.bench;

import io.jarbiter.amqp.ClusterRpcProxy;
import io.jarbiter.amqp.ServiceProxy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** RPC over the local RabbitMQ: sequential round trips, then throughput with calls in flight. */
final class RpcBench {
    private final Servers servers;
    private final Report report;
    private final Duration duration;

    RpcBench(Servers servers, Report report, Duration duration) {
        this.servers = servers;
        this.report = report;
        this.duration = duration;
    }

    void run(String amqpUri) throws IOException {
        try (ServerProcess j = servers.jarbiter(2, "examples/amqp.yaml");
             ClusterRpcProxy rpc = ClusterRpcProxy.connect(Map.of("AMQP_URI", amqpUri))) {
            ServiceProxy greeting = rpc.service("greeting_service").withTimeout(Duration.ofSeconds(10));
            for (int i = 0; i < 200; i++) greeting.call("hello", "warm-up");
            List<Double> trips = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                long t0 = System.nanoTime();
                greeting.call("hello", "bench");
                trips.add((System.nanoTime() - t0) / 1e6);
            }
            trips.sort(Double::compare);
            report.row("RPC round trip (greeting_service.hello), p50 / p99", String.format("%.2f / %.2f ms", trips.get(250), trips.get(495)),
                    "", "", "");
            report.row("RPC throughput, 32 calls in flight, -w 2", String.format("%,.0f calls/s", throughput(greeting, 32)), "", "", "");
        }
    }

    private double throughput(ServiceProxy greeting, int inFlight) {
        long end = System.nanoTime() + duration.toNanos();
        long calls = 0;
        long start = System.nanoTime();
        List<CompletableFuture<Object>> window = new ArrayList<>();
        while (System.nanoTime() < end) {
            while (window.size() < inFlight) window.add(greeting.callAsync("hello", "bench"));
            window.remove(0).join();
            calls++;
        }
        for (CompletableFuture<Object> f : window) f.join();
        calls += window.size();
        return calls / ((System.nanoTime() - start) / 1e9);
    }
}
