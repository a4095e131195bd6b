package io.jarbiter.container;

import java.lang.annotation.Annotation;
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
 * jarbiter's own annotations ({@code @Http}, {@code @Rpc}, ...) leave the factory out: the container
 * registers theirs, which are internal classes a public annotation must not name.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface EntrypointType {
    Class<? extends EntrypointFactory<?>> value() default BuiltIn.class;

    /** The default {@link #value}: the factory the container registers for one of its own annotations. */
    interface BuiltIn extends EntrypointFactory<Annotation> {}
}
