/**
 * The testing kit, nameko's {@code nameko.testing.services} in Java: {@link io.jarbiter.testing.Testing#workerFactory},
 * {@link io.jarbiter.testing.Testing#replaceDependencies}, {@link io.jarbiter.testing.Testing#restrictEntrypoints},
 * {@link io.jarbiter.testing.Testing#entrypointHook}, {@link io.jarbiter.testing.Testing#entrypointWaiter} and
 * {@link io.jarbiter.testing.ContainerFactory}. Add {@code jarbiter-worker} with test scope to use it.
 */
package io.jarbiter.testing;
