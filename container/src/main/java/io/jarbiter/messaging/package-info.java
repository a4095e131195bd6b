/**
 * nameko's {@code nameko.messaging} over RabbitMQ: plain AMQP messages to and from any exchange, not
 * only nameko's RPC and events. {@link io.jarbiter.messaging.Consume} is the entrypoint,
 * {@link io.jarbiter.messaging.Publisher} the dependency; {@link io.jarbiter.messaging.Exchange},
 * {@link io.jarbiter.messaging.Queue} and {@link io.jarbiter.messaging.Binding} describe what they
 * declare, as kombu's objects do in Python. Wire-compatible with nameko's {@code @consume} and
 * {@code Publisher}: JSON bodies, {@code nameko.*} context headers, the same declarations.
 */
package io.jarbiter.messaging;
