package io.jarbiter.tests.app;

import io.jarbiter.amqp.Rpc;
import io.jarbiter.container.WorkerContext;
import io.jarbiter.container.config.Config;
import io.jarbiter.messaging.Consume;
import io.jarbiter.messaging.Exchange;
import io.jarbiter.messaging.ExchangeType;
import io.jarbiter.messaging.MessagePublisher;
import io.jarbiter.messaging.Publisher;
import io.jarbiter.messaging.Queue;
import io.jarbiter.process.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Java side of the live nameko.messaging test: the same exchange and queues as
 * {@code tests/src/test/python/nameko_messaging.py} declares with kombu, a {@code @Consume} that appends
 * one JSON line per message ({@code pid}, {@code body}, {@code context_data}, {@code call_id_stack}) to
 * the file named by the {@code messages_file} config key, and an RPC that publishes to Python.
 */
public class MessagingService {
    public static final String NAME = "jarbiter_messaging";
    static final String EXCHANGE = "jarbiter_interop_msg";
    public static final String TO_JAVA = "jarbiter_interop_to_java";
    public static final String TO_PYTHON = "jarbiter_interop_to_python";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MessagingService.class);

    @Config
    Map<String, Object> config;
    @CallContext
    WorkerContext worker;
    @Publisher(exchange = @Exchange(name = EXCHANGE, type = ExchangeType.TOPIC), routingKey = "to.python",
            declare = @Queue(name = TO_PYTHON, exchange = @Exchange(name = EXCHANGE, type = ExchangeType.TOPIC), routingKey = "to.python"))
    MessagePublisher publisher;

    /** A body with {@code "slow": s} takes s seconds, so that a test can kill a worker mid-call. */
    @Consume(queue = @Queue(name = TO_JAVA, exchange = @Exchange(name = EXCHANGE, type = ExchangeType.TOPIC), routingKey = "to.java",
            arguments = "x-max-priority=10"))
    public void received(Map<String, Object> body) throws IOException, InterruptedException {
        if (body.get("slow") instanceof Number s) {
            LOG.info("slow message started");
            Thread.sleep((long) (s.doubleValue() * 1000));
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("pid", ProcessHandle.current().pid());
        line.put("body", body);
        line.put("context_data", worker.contextData());
        line.put("call_id_stack", worker.callIdStack());
        Files.writeString(Path.of(String.valueOf(config.get("messages_file"))), Json.MAPPER.writeValueAsString(line) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Rpc
    public boolean send(Object body) {
        publisher.publish(body);
        return true;
    }
}
