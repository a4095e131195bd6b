package io.jarbiter.web;

import io.jarbiter.container.EntrypointType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An HTTP entrypoint, nameko's {@code @http}: {@code @Http(method = "GET", path = "/greet/{name}")}.
 *
 * <p>Parameters are bound by name: a path variable ({@code {name}}), else a query parameter for
 * simple types (String, numbers, boolean, UUID, enums, LocalDate, LocalDateTime, OffsetDateTime,
 * Instant, or an Optional of one), else the JSON body (one parameter at most: a record or class, a
 * List, Map or array); a {@link Request} or undertow {@code HttpServerExchange} parameter gets the
 * request itself. A parameter none of these fits fails the service at boot.
 *
 * <p>Bad input answers 400 {@code {"error": "BadRequest", "message": "..."}} naming what is wrong: a
 * path segment or query parameter that does not convert, a missing primitive query parameter, invalid
 * JSON, no body (unless the body parameter is {@code Optional} or {@code @Nullable}), a missing
 * required field, an unknown field, a value of the wrong JSON type (with its path, {@code items[2].count}).
 * A field of the body is required (present and not null) unless its type is {@code Optional} or it is
 * annotated with an annotation named {@code Nullable} (any package); primitives are always required.
 *
 * <p>Return: a String is {@code 200 text/plain}; a {@link Response} is sent as it is; {@code void}
 * or null is {@code 204}; anything else is {@code 200} JSON. An exception listed in
 * {@link #expectedExceptions} answers 400, any other 500, both with a JSON body
 * {@code {"error": "<Type>", "message": "..."}}; a service implementing {@link HttpErrorHandler} can
 * map exceptions itself.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@EntrypointType
public @interface Http {
    /** HTTP method, or several comma-separated ({@code "POST,PUT"}). */
    String method() default "GET";

    /** Path template; {@code {name}} binds a segment to the parameter of that name. */
    String path();

    Class<? extends Throwable>[] expectedExceptions() default {};

    String[] sensitiveArguments() default {};

    /**
     * True for a method that never blocks (no I/O, no locks held for long, no RPC waits): it then runs
     * on undertow's IO thread, with no hand-off to a worker thread, as fast as a plain undertow handler
     * (about twice the throughput for tiny handlers), and outside the {@code max_workers} slots. A call
     * that blocks anyway stalls every connection of its IO thread; one that runs {@code timeout} seconds
     * gets the worker killed as stuck. Default false: the call runs on one of the container's
     * {@code max_workers} threads, where blocking is fine.
     */
    boolean nonBlocking() default false;

    /**
     * True to ignore fields of the JSON body that the parameter's type does not have, at any depth.
     * Default false: an unknown field answers 400 naming it (and the field it may be a typo of). A body
     * type annotated {@code @JsonIgnoreProperties(ignoreUnknown = true)} ignores them wherever it is used.
     */
    boolean ignoreUnknownFields() default false;

    /**
     * The largest request body this endpoint takes, in bytes, in place of the {@code limit_request_body} setting: a
     * bigger body is answered 413 (by its Content-Length before it is read, else once it passes the limit). 0: no
     * limit; the default, -1: {@code limit_request_body}. The body is held in memory whole while the call runs.
     */
    long maxBodySize() default -1;
}
