package io.jarbiter.amqp.internal;

/**
 * A nameko configuration key jarbiter cannot honour as written; the message names the key, the value
 * and what to write instead. In a worker it becomes a ServiceDefinitionException: APP_LOAD_ERROR(4).
 */
public final class AmqpConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public AmqpConfigException(String message) {
        super(message);
    }
}
