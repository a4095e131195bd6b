package io.jarbiter.worker.internal;

import io.jarbiter.container.ServiceRunner;

/** The outcome of loading the application: an exit code, and the runner when it is {@code 0}. */
record BootResult(int exitCode, ServiceRunner runner) {
}
