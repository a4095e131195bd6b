package io.jarbiter.hooks;

import java.time.Duration;

/**
 * Read-only view of the response to one HTTP request, given to {@link WorkerHooks#postRequest}.
 *
 * @param status   the HTTP status sent, for example {@code 200}
 * @param duration from the start of the request's handling to the end of its response
 */
public record ResponseInfo(int status, Duration duration) {
}
