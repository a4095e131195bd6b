package io.jarbiter.web;

/**
 * Implemented by a service that maps its exceptions to HTTP responses itself. Return null to keep
 * jarbiter's mapping (expected exceptions 400, others 500, JSON body).
 */
public interface HttpErrorHandler {
    Response toResponse(Throwable error);
}
