package io.jarbiter.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;

/** One received message, kept as the worker's transport so its entrypoint can answer and ack it. */
public record Delivery(Envelope envelope, AMQP.BasicProperties props, byte[] body) {
}
