package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;

/**
 * Everything needed to spawn one worker: its config generation, identity and inherited listeners, and
 * whether it warms up before its first accept (only when other workers serve meanwhile).
 */
public record WorkerSpec(Config config, int age, int generation, int[] listenerFds, boolean warmUp) {
}
