package io.jarbiter.container;

import java.lang.annotation.Annotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an annotation as a dependency declaration and names the factory that builds its provider.
 * jarbiter's own annotations ({@code @RpcProxy}, {@code @Publisher}, ...) leave the factory out: the
 * container registers theirs, which are internal classes a public annotation must not name.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface DependencyType {
    Class<? extends DependencyFactory<?>> value() default BuiltIn.class;

    /** The default {@link #value}: the factory the container registers for one of its own annotations. */
    interface BuiltIn extends DependencyFactory<Annotation> {}
}
