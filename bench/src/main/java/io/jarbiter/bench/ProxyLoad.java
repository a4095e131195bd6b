package io.jarbiter.bench;

import io.jarbiter.amqp.ClusterRpcProxy;
import io.jarbiter.amqp.ServiceProxy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * jarbiter's own {@link ClusterRpcProxy} as the load client: one thread keeps N {@code callAsync}s in
 * flight (a permit per call, given back when its future completes), whatever {@code callAsync} blocks on.
 */
final class ProxyLoad implements AutoCloseable {
    private final ClusterRpcProxy rpc;

    ProxyLoad(String amqpUri) throws IOException {
        rpc = ClusterRpcProxy.connect(Map.of("AMQP_URI", amqpUri));
    }

    RpcLoad.Result run(String service, int inFlight, Duration duration) throws InterruptedException {
        ServiceProxy proxy = rpc.service(service).withTimeout(Duration.ofSeconds(30));
        Semaphore window = new Semaphore(inFlight);
        Latencies latencies = new Latencies();
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime(), deadline = started + duration.toNanos();
        long[] completed = {0};
        while (System.nanoTime() < deadline) {
            if (!window.tryAcquire(1, TimeUnit.SECONDS)) continue;
            long t0 = System.nanoTime();
            proxy.callAsync("echo", "bench").whenComplete((v, e) -> {
                long now = System.nanoTime();
                if (e != null) errors.incrementAndGet();
                synchronized (latencies) {
                    if (now < deadline) {
                        latencies.add(now - t0);
                        completed[0]++;
                    }
                }
                window.release();
            });
        }
        boolean drained = window.tryAcquire(inFlight, 40, TimeUnit.SECONDS);
        synchronized (latencies) {
            double seconds = (deadline - started) / 1e9;
            return new RpcLoad.Result(completed[0] / seconds, latencies.quantileMs(0.5), latencies.quantileMs(0.99), completed[0],
                    errors.get() + (drained ? 0 : inFlight - window.availablePermits()));
        }
    }

    @Override
    public void close() {
        rpc.close();
    }
}
