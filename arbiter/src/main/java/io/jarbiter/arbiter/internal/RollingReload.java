package io.jarbiter.arbiter.internal;

import io.jarbiter.posix.Signals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code reload_strategy: rolling}: the arbiter's current generation replaces every other one worker by worker
 * (puma's phased restart). One new worker boots while the others serve; once it has booted, one old worker gets
 * TERM; the next new one is spawned only after that one has exited, so at most {@code workers + 1} worker JVMs are
 * alive at any moment (the larger of the old and new counts, plus one, when the reload changes {@code workers}).
 * After a failed roll the same steps run backwards: the previous generation comes back one worker at a time while
 * the new workers that did boot keep serving until each is replaced. A HUP during a roll is queued and handled
 * once it is over, so never more than two configurations are live. Owned by the arbiter's main thread.
 */
final class RollingReload {
    static final String STRATEGY = "rolling";
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.arbiter");
    private final Workers workers;
    /** True when this roll brings the previous generation back after a failed one: there is nothing left to undo. */
    final boolean rollback;
    /** A HUP arrived during the roll: the arbiter handles it once the roll is over. */
    boolean hupPending;

    RollingReload(Workers workers, boolean rollback) {
        this.workers = workers;
        this.rollback = rollback;
    }

    /**
     * One step of the roll towards {@code target} workers of {@code generation}: retires the oldest workers of
     * other generations while there are more than {@code target} serving, then answers whether one more worker of
     * {@code generation} may be spawned now (none is booting, none is stopping, fewer than the target).
     */
    boolean step(int generation, int target) {
        List<Worker> current = workers.active(generation);
        if (current.stream().anyMatch(w -> !w.booted)) return false; // one boot at a time
        List<Worker> others = otherGenerations(generation);
        int surplus = current.size() + others.size() - target;
        for (Worker w : others.subList(0, Math.max(0, Math.min(surplus, others.size())))) {
            LOG.info("Rolling reload: retiring {} ({} of {} worker(s) of generation {} booted)", w, current.size(), target, generation);
            workers.terminate(w, Signals.TERM);
        }
        return current.size() < target && workers.all().stream().noneMatch(Worker::stopping);
    }

    /** Workers of other generations still serving, oldest first: the ones the roll replaces. */
    private List<Worker> otherGenerations(int generation) {
        List<Worker> others = new ArrayList<>();
        for (Worker w : workers.all()) {
            if (w.generation != generation && !w.stopping()) others.add(w);
        }
        others.sort(Comparator.comparingInt(w -> w.age));
        return others;
    }

}
