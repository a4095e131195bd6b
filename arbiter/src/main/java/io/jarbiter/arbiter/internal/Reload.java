package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.hooks.ArbiterHooks;
import io.jarbiter.hooks.internal.HookSet;

import java.util.List;

/**
 * A reload in progress: what to go back to if the new generation fails to boot. The old generation
 * keeps serving until every worker of the new one has booted.
 */
record Reload(Config previousConfig, int previousGeneration, int previousWorkers,
              List<Listeners.Listener> previousListeners, HookSet<ArbiterHooks> previousHooks) {
}
