/**
 * RPC and events over RabbitMQ, wire-compatible with Python nameko (docs/WIRE.md): a nameko
 * client can call a jarbiter service and the other way round, and events flow both ways.
 *
 * <p>In a service: {@link io.jarbiter.amqp.Rpc} and {@link io.jarbiter.amqp.EventHandler} entrypoints,
 * {@link io.jarbiter.amqp.RpcProxy} and {@link io.jarbiter.amqp.EventDispatcher} dependencies.
 * Outside one: {@link io.jarbiter.amqp.ClusterRpcProxy} and {@link io.jarbiter.amqp.StandaloneDispatcher}.
 */
package io.jarbiter.amqp;
