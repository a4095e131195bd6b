package io.jarbiter.amqp;

import com.rabbitmq.client.Connection;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.testing.ContainerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broker forcibly closes every connection: the service reconnects and serves again, no restart. */
@Timeout(90)
class RecoveryTest {
    public static class Survivor {
        public static final String NAME = "jarbiter_test_survivor";

        @Rpc
        public String ping() {
            return "pong";
        }
    }

    @Test
    void serviceResumesConsumingAfterTheBrokerClosedItsConnection() throws Exception {
        Connection raw = Broker.connect();
        try (ContainerFactory factory = new ContainerFactory()) {
            ServiceContainer c = factory.create(Survivor.class, Broker.config());
            c.start();
            try (ClusterRpcProxy rpc = ClusterRpcProxy.connect(Broker.config())) {
                assertEquals("pong", rpc.service(Survivor.NAME).call("ping"));
            }
            Process close = new ProcessBuilder("rabbitmqctl", "close_all_connections", "jarbiter recovery test")
                    .redirectErrorStream(true).start();
            String out = new String(close.getInputStream().readAllBytes());
            assertTrue(close.waitFor(30, TimeUnit.SECONDS) && close.exitValue() == 0, out);
            await("the service answers again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> {
                        try (ClusterRpcProxy rpc = ClusterRpcProxy.connect(Broker.config(), Map.of(), Duration.ofSeconds(2))) {
                            return "pong".equals(rpc.service(Survivor.NAME).call("ping"));
                        }
                    });
            assertTrue(!c.isBeingKilled(), "no container restart was needed");
        } finally {
            Connection fresh = Broker.connect();
            Broker.cleanUp(fresh, List.of("rpc-" + Survivor.NAME), List.of());
            fresh.close();
            if (raw.isOpen()) raw.abort();
        }
    }
}
