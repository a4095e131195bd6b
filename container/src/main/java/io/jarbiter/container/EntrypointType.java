package io.jarbiter.container;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an annotation as an entrypoint and names the factory that builds its extension:
 * <pre>{@code
 * @Retention(RUNTIME) @Target(METHOD)
 * @EntrypointType(Cron.Factory.class)
 * public @interface Cron { String value(); }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface EntrypointType {
    Class<? extends EntrypointFactory<?>> value();
}
