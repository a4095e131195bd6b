package io.jarbiter.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.jarbiter.amqp.internal.Publisher;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.testing.ContainerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Publishing with asynchronous confirms against the real broker: many publishes from many threads are
 * all confirmed, each future with its own message; a refused publish fails only its own future; an
 * unroutable mandatory message confirms as not routed; and many proxy calls in flight on one connection
 * each get their own reply.
 */
@Timeout(60)
class PublisherTest {
    public static class Echo {
        public static final String NAME = "jarbiter_echo_" + UUID.randomUUID().toString().substring(0, 8);

        @Rpc
        public String echo(String value) {
            return value;
        }
    }

    @Test
    void concurrentPublishesAreEachConfirmed() throws Exception {
        try (Connection c = Broker.connect()) {
            Channel ch = c.createChannel();
            String queue = ch.queueDeclare("", false, true, true, null).getQueue();
            Publisher publisher = new Publisher(c);
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<CompletableFuture<Boolean>> confirms = new ArrayList<>();
                List<CompletableFuture<?>> sent = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    sent.add(CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < 250; i++) {
                            CompletableFuture<Boolean> f = publisher.publishAsync("", queue, Publisher.properties().build(),
                                    ("m" + thread + "." + i).getBytes(StandardCharsets.UTF_8), false);
                            synchronized (confirms) {
                                confirms.add(f);
                            }
                        }
                    }, threads));
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                assertEquals(2000, confirms.size());
                for (CompletableFuture<Boolean> f : confirms) assertTrue(f.join());
                assertEquals(2000, ch.messageCount(queue), "every confirmed message is in the queue");
            } finally {
                threads.shutdownNow();
            }
        }
    }

    /**
     * Threads publish at once, mandatory messages with unroutable ones mixed in: every future gets the confirm of
     * its own message (the unroutable ones, and only they, confirm as not routed), and each thread's messages
     * reach the queue in the order it published them.
     */
    @Test
    void concurrentPublishesGetTheirOwnConfirmAndKeepEachPublishersOrder() throws Exception {
        try (Connection c = Broker.connect()) {
            Channel ch = c.createChannel();
            String queue = ch.queueDeclare("", false, true, true, null).getQueue();
            String nowhere = "jarbiter-no-such-queue-" + UUID.randomUUID();
            Publisher publisher = new Publisher(c);
            int threadCount = 6, each = 300;
            ExecutorService threads = Executors.newFixedThreadPool(threadCount);
            try {
                List<CompletableFuture<Boolean>> routed = new ArrayList<>(), unroutable = new ArrayList<>();
                List<CompletableFuture<?>> sent = new ArrayList<>();
                for (int t = 0; t < threadCount; t++) {
                    int thread = t;
                    sent.add(CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < each; i++) {
                            boolean lost = i % 7 == 3;
                            CompletableFuture<Boolean> f = publisher.publishAsync("", lost ? nowhere : queue,
                                    Publisher.properties().correlationId(UUID.randomUUID().toString()).build(),
                                    (thread + "." + i).getBytes(StandardCharsets.UTF_8), true);
                            synchronized (routed) {
                                (lost ? unroutable : routed).add(f);
                            }
                        }
                    }, threads));
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                CompletableFuture.allOf(routed.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                CompletableFuture.allOf(unroutable.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                for (CompletableFuture<Boolean> f : routed) assertTrue(f.join(), "a routed message confirms as routed");
                for (CompletableFuture<Boolean> f : unroutable) assertFalse(f.join(), "an unroutable one as not routed");

                int[] next = new int[threadCount];
                int total = routed.size();
                for (int n = 0; n < total; n++) {
                    com.rabbitmq.client.GetResponse r = ch.basicGet(queue, true);
                    assertNotNull(r, "message " + n + " of " + total + " is in the queue");
                    String[] m = new String(r.getBody(), StandardCharsets.UTF_8).split("\\.");
                    int thread = Integer.parseInt(m[0]), i = Integer.parseInt(m[1]);
                    while (next[thread] % 7 == 3) next[thread]++; // the ones that went nowhere
                    assertEquals(next[thread], i, "thread " + thread + "'s messages in the order it published them");
                    next[thread]++;
                }
                assertEquals(0, ch.messageCount(queue));
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void aRefusedPublishFailsAloneAndTheNextOneGetsANewChannel() throws Exception {
        try (Connection c = Broker.connect()) {
            Channel ch = c.createChannel();
            String queue = ch.queueDeclare("", false, true, true, null).getQueue();
            Publisher publisher = new Publisher(c);
            IOException e = assertThrows(IOException.class, () -> publisher.publish("jarbiter-no-such-exchange-" + UUID.randomUUID(), "x",
                    Publisher.properties().build(), new byte[0], false, Duration.ofSeconds(10)));
            assertTrue(e.getMessage().contains("NOT_FOUND"), e.getMessage());
            assertTrue(publisher.publish("", queue, Publisher.properties().build(), new byte[0], false, Duration.ofSeconds(10)));
        }
    }

    @Test
    void anUnroutableMandatoryMessageConfirmsAsNotRouted() throws Exception {
        try (Connection c = Broker.connect()) {
            Publisher publisher = new Publisher(c);
            assertFalse(publisher.publish("", "jarbiter-no-such-queue-" + UUID.randomUUID(),
                    Publisher.properties().correlationId(UUID.randomUUID().toString()).build(), new byte[0], true, Duration.ofSeconds(10)));
        }
    }

    @Test
    void manyCallsInFlightOnOneProxyEachGetTheirOwnReply() throws Exception {
        Connection raw = Broker.connect();
        try (ContainerFactory factory = new ContainerFactory();
             ClusterRpcProxy rpc = ClusterRpcProxy.connect(Broker.config())) {
            ServiceContainer container = factory.create(Echo.class, Broker.config());
            container.start();
            ServiceProxy echo = rpc.service(Echo.NAME);
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) calls.add(echo.callAsync("echo", "m" + i));
            for (int i = 0; i < 200; i++) assertEquals("m" + i, calls.get(i).get(30, TimeUnit.SECONDS));
            assertThrows(UnknownService.class, () -> rpc.service("jarbiter_nobody_" + UUID.randomUUID()).call("x"));
        } finally {
            Broker.cleanUp(raw, List.of("rpc-" + Echo.NAME), List.of());
            raw.close();
        }
    }
}
