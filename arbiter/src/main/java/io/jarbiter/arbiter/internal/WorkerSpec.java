package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;

/** Everything needed to spawn one worker: its config generation, identity and inherited listeners. */
public record WorkerSpec(Config config, int age, int generation, int[] listenerFds) {
}
