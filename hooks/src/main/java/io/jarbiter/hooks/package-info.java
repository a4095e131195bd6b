/**
 * Lifecycle hooks: Java classes named in app.yaml's {@code hooks:} list.
 *
 * <p>A hook class implements {@link io.jarbiter.hooks.ArbiterHooks} (called in the master),
 * {@link io.jarbiter.hooks.WorkerHooks} (called in each worker JVM), or both, and has a public
 * no-argument constructor. Every method has a no-op default, so a hook overrides only what it needs.
 * A hook that throws is logged with its class and method and does not take the server down, except
 * {@link io.jarbiter.hooks.ArbiterHooks#onStarting}, whose failure aborts start-up with exit 1.
 */
package io.jarbiter.hooks;
