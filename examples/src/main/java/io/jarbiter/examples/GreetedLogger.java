package io.jarbiter.examples;

import io.jarbiter.amqp.EventHandler;
import io.jarbiter.container.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The event example: handles greeting_service's {@code greeted} events (one worker of the pool each). */
@Service("greeted_logger")
public class GreetedLogger {
    private static final Logger LOG = LoggerFactory.getLogger(GreetedLogger.class);

    @EventHandler(source = "greeting_service", eventType = "greeted")
    public void onGreeted(String name) {
        LOG.info("{} was greeted", name);
    }
}
