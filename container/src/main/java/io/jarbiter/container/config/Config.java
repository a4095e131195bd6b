package io.jarbiter.container.config;

import io.jarbiter.container.DependencyType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the service configuration (app.yaml's non-arbiter keys), read-only, as nameko's
 * {@code Config()} does: {@code @Config Map<String, Object> config;}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyType(ConfigProvider.Factory.class)
public @interface Config {
}
