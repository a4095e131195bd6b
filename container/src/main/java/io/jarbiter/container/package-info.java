/**
 * The service container: nameko's model in Java.
 *
 * <p>A service is a plain class annotated {@link io.jarbiter.container.Service} with entrypoint
 * methods (for example {@code @Http}, {@code @Timer}) and dependency fields (for example
 * {@code @Config}). Every capability is an {@link io.jarbiter.container.Extension}: an annotation
 * meta-annotated with {@link io.jarbiter.container.EntrypointType} or
 * {@link io.jarbiter.container.DependencyType} names the factory that builds its extension, so
 * user-written entrypoints and providers plug in exactly like the built-in ones.
 *
 * <p>Per call, in this order: a new service instance → inject every dependency → {@code workerSetup}
 * → the method → the entrypoint's {@code handleResult} → {@code workerResult} → {@code workerTeardown}.
 */
package io.jarbiter.container;
