package io.jarbiter.bench;

import io.jarbiter.amqp.ClusterRpcProxy;
import io.jarbiter.amqp.ServiceProxy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * jarbiter's own {@link ClusterRpcProxy} as the load client, keeping N {@code callAsync}s in flight the way
 * {@link RpcLoad} does: each completed call sends the next one from the thread that completed it (amqp-client's
 * reply consumer; {@code callAsync} does not block), so the client does no hand-off of its own.
 */
final class ProxyLoad implements AutoCloseable {
    private final ClusterRpcProxy rpc;

    ProxyLoad(String amqpUri) throws IOException {
        rpc = ClusterRpcProxy.connect(Map.of("AMQP_URI", amqpUri));
    }

    RpcLoad.Result run(String service, int inFlight, Duration duration) throws InterruptedException {
        Run r = new Run(rpc.service(service).withTimeout(Duration.ofSeconds(30)), inFlight, duration);
        for (int i = 0; i < inFlight; i++) r.call();
        boolean drained = r.done.await(duration.toSeconds() + 40, TimeUnit.SECONDS);
        return r.result(drained);
    }

    /** One run: calls in flight until the deadline; each reply before it sends the next call. */
    private static final class Run {
        final ServiceProxy proxy;
        final int inFlight;
        final long started = System.nanoTime(), deadline;
        final Latencies latencies = new Latencies();
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicLong errors = new AtomicLong();
        final AtomicInteger open = new AtomicInteger();
        long completed; // guarded by latencies

        Run(ServiceProxy proxy, int inFlight, Duration duration) {
            this.proxy = proxy;
            this.inFlight = inFlight;
            this.deadline = started + duration.toNanos();
        }

        void call() {
            long t0 = System.nanoTime();
            open.incrementAndGet();
            proxy.callAsync("echo", "bench").whenComplete((v, e) -> {
                long now = System.nanoTime();
                if (e != null) errors.incrementAndGet();
                if (now < deadline) {
                    synchronized (latencies) {
                        latencies.add(now - t0);
                        completed++;
                    }
                    if (e == null) call(); // a failed call ends its lane: a failure can be synchronous, and must not recurse
                }
                if (open.decrementAndGet() == 0) done.countDown();
            });
        }

        RpcLoad.Result result(boolean drained) {
            synchronized (latencies) {
                double seconds = (deadline - started) / 1e9;
                return new RpcLoad.Result(completed / seconds, latencies.quantileMs(0.5), latencies.quantileMs(0.99), completed,
                        errors.get() + (drained ? 0 : open.get()));
            }
        }
    }

    @Override
    public void close() {
        rpc.close();
    }
}
