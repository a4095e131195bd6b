package io.jarbiter.bench;

import java.io.IOException;
import java.time.Duration;

/** An HTTP load generator: wrk when installed, else {@link JavaLoad}. */
interface Load {
    /** Hammers {@code url} with {@code connections} for {@code duration}; fresh connections when not keep-alive. */
    Result run(String url, int connections, Duration duration, boolean keepAlive) throws IOException, InterruptedException;

    String describe();

    /** Requests per second, latency percentiles in ms, and every failed request (connect, read, timeout, non-2xx). */
    record Result(double rps, double p50Ms, double p99Ms, long requests, long errors) {}

    static Load best() {
        return WrkLoad.installed() ? new WrkLoad() : new JavaLoad();
    }
}
