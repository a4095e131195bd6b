package io.jarbiter.messaging;

import java.util.Locale;

/** AMQP exchange types, as kombu's {@code Exchange(type=...)} names them. */
public enum ExchangeType {
    DIRECT, TOPIC, FANOUT, HEADERS;

    /** The name on the wire: {@code direct}, {@code topic}, {@code fanout}, {@code headers}. */
    public String amqpName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
