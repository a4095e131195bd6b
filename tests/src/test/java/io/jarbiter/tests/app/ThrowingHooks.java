package io.jarbiter.tests.app;

import io.jarbiter.hooks.ArbiterHooks;
import io.jarbiter.hooks.ArbiterInfo;
import io.jarbiter.hooks.WorkerInfo;

/** Hooks that fail: preFork always, onStarting when THROW_ON_STARTING is set. */
public class ThrowingHooks implements ArbiterHooks {
    @Override
    public void onStarting(ArbiterInfo arbiter) {
        if (System.getenv("THROW_ON_STARTING") != null) throw new IllegalStateException("refusing to start: THROW_ON_STARTING is set");
    }

    @Override
    public void preFork(ArbiterInfo arbiter, WorkerInfo worker) {
        throw new IllegalStateException("preFork always fails in this test");
    }
}
