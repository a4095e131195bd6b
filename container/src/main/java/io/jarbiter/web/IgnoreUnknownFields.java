package io.jarbiter.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a service class: every {@link Http} entrypoint of the service ignores JSON body fields its parameter's
 * type does not have, as {@code @Http(ignoreUnknownFields = true)} does for one entrypoint. Without it an
 * unknown field answers 400 naming it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface IgnoreUnknownFields {
}
