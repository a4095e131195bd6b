package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.process.BootPlan;

/** Everything needed to spawn one worker: its config generation, identity, inherited listeners, and its boot plan. */
public record WorkerSpec(Config config, int age, int generation, int[] listenerFds, BootPlan plan) {
}
