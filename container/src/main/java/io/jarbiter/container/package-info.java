/**
 * The service container: nameko's model in Java.
 *
 * <p>A service is a plain class annotated {@link io.jarbiter.container.Service} with entrypoint
 * methods (for example {@code @Http}, {@code @Timer}) and dependency fields (for example
 * {@code @Config}). Every capability is an {@link io.jarbiter.container.Extension}: an annotation
 * meta-annotated with {@link io.jarbiter.container.EntrypointType} or
 * {@link io.jarbiter.container.DependencyType} names the factory that builds its extension, so
 * user-written entrypoints and providers plug in like the built-in ones (whose factories, being internal,
 * are found by {@code ServiceLoader} instead of named).
 *
 * <p>Per call, in this order: a new service instance → inject every dependency → {@code workerSetup}
 * → the method → the call's {@link io.jarbiter.container.ResultHandler} → {@code workerResult} →
 * {@code workerTeardown} → {@link io.jarbiter.container.CallDone} to the listeners.
 */
package io.jarbiter.container;
