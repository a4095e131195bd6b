package io.jarbiter.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.testing.ContainerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: a small load generator for the echo RPC path, run by hand with the test classpath,
 * {@code java io.jarbiter.amqp.RpcLoad [seconds] [raw-in-flight] [proxy-in-flight...]}. It serves an
 * echo service from a real container (max_workers 10) and measures calls per second (a) from a bare
 * amqp-client caller and (b) from {@link ClusterRpcProxy}, each keeping a fixed number of calls in flight.
 */
public final class RpcLoad {
    public static class Echo {
        public static final String NAME = "rpc_load_" + UUID.randomUUID().toString().substring(0, 8);

        @Rpc
        public String echo(String value) {
            return value;
        }
    }

    private RpcLoad() {}

    /**
     * Calls per second, and the CPU time per call of this JVM's Java threads (the container's and the
     * caller's), leaving out the JIT compiler and the garbage collector, which dominate short runs.
     */
    record Measured(double rate, double cpuMicros) {}

    private static long cpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long id : threads.getAllThreadIds()) total += Math.max(0, threads.getThreadCpuTime(id));
        return total;
    }

    public static void main(String[] argv) throws Exception {
        int seconds = argv.length > 0 ? Integer.parseInt(argv[0]) : 10;
        int rawInFlight = argv.length > 1 ? Integer.parseInt(argv[1]) : 64;
        List<Integer> proxyInFlight = argv.length > 2
                ? java.util.Arrays.stream(argv).skip(2).map(Integer::parseInt).toList() : List.of(32, 64);
        Connection raw = Broker.connect();
        try (ContainerFactory factory = new ContainerFactory()) {
            ServiceContainer container = factory.create(Echo.class, Broker.config("max_workers", 10));
            container.start();
            Measured r = rawInFlight > 0 ? raw(raw, rawInFlight, seconds) : new Measured(0, 0);
            if (rawInFlight > 0) System.out.printf("raw amqp-client caller, %d in flight: %.0f calls/s, %.0f us CPU per call%n", rawInFlight, r.rate(), r.cpuMicros());
            for (int n : proxyInFlight) {
                Measured p = proxy(n, seconds);
                System.out.printf("ClusterRpcProxy, %d in flight: %.0f calls/s, %.0f us CPU per call%n", n, p.rate(), p.cpuMicros());
            }
        } finally {
            Broker.cleanUp(raw, List.of("rpc-" + Echo.NAME), List.of());
            raw.close();
        }
    }

    /** A bare caller: one channel, its own reply queue, a semaphore of in-flight calls. */
    static Measured raw(Connection connection, int inFlight, int seconds) throws Exception {
        Channel ch = connection.createChannel();
        String key = UUID.randomUUID().toString();
        String queue = ch.queueDeclare("rpc-load-replies-" + key, false, true, true, null).getQueue();
        ch.queueBind(queue, "nameko-rpc", key);
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong done = new AtomicLong();
        ch.basicConsume(queue, true, new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                done.incrementAndGet();
                slots.release();
            }
        });
        byte[] body = "{\"args\": [\"hello\"], \"kwargs\": {}}".getBytes(StandardCharsets.UTF_8);
        AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder().contentType("application/json")
                .contentEncoding("utf-8").deliveryMode(2).priority(0).replyTo(key);
        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(2, seconds / 2));
        long start = 0;
        long startCount = 0;
        long startCpu = 0;
        long end = warm + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (!slots.tryAcquire(5, TimeUnit.SECONDS)) throw new IllegalStateException("no reply within 5 s");
            if (start == 0 && System.nanoTime() >= warm) {
                start = System.nanoTime();
                startCount = done.get();
                startCpu = cpu();
            }
            ch.basicPublish("nameko-rpc", Echo.NAME + ".echo", false,
                    props.correlationId(UUID.randomUUID().toString()).build(), body);
        }
        long calls = done.get() - startCount;
        Measured m = new Measured(calls / ((System.nanoTime() - start) / 1e9), (cpu() - startCpu) / 1e3 / calls);
        slots.tryAcquire(inFlight, 10, TimeUnit.SECONDS);
        ch.close();
        return m;
    }

    /** {@link ClusterRpcProxy#service} callAsync, {@code inFlight} at a time. */
    static Measured proxy(int inFlight, int seconds) throws Exception {
        try (ClusterRpcProxy rpc = ClusterRpcProxy.connect(Broker.config())) {
            ServiceProxy echo = rpc.service(Echo.NAME);
            Semaphore slots = new Semaphore(inFlight);
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(2, seconds / 2));
            long start = 0;
            long startCount = 0;
            long startCpu = 0;
            long end = warm + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                if (!slots.tryAcquire(35, TimeUnit.SECONDS)) throw new IllegalStateException("no reply within 35 s");
                if (start == 0 && System.nanoTime() >= warm) {
                    start = System.nanoTime();
                    startCount = done.get();
                }
                echo.callAsync("echo", "hello").whenComplete((r, e) -> {
                    if (e != null) failed.incrementAndGet();
                    done.incrementAndGet();
                    slots.release();
                });
            }
            long calls = done.get() - startCount;
        Measured m = new Measured(calls / ((System.nanoTime() - start) / 1e9), (cpu() - startCpu) / 1e3 / calls);
            slots.tryAcquire(inFlight, 35, TimeUnit.SECONDS);
            if (failed.get() > 0) System.out.println("  failed calls: " + failed.get());
            return m;
        }
    }
}
