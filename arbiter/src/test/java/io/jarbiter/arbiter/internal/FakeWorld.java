package io.jarbiter.arbiter.internal;

import io.jarbiter.hooks.internal.HookSet;
import io.jarbiter.posix.Reaped;
import io.jarbiter.posix.Signals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fakes for every seam of the arbiter: a manual clock, a signal queue that never blocks (an empty
 * poll advances the clock by its timeout), a spawner whose "processes" are records the test makes
 * boot, beat, hang or exit, and a binder that binds nothing. Single-threaded, like the arbiter.
 */
final class FakeWorld {
    long now = 1_000_000_000L;
    long wallOffset = 1_700_000_000_000_000_000L;
    final Deque<Integer> pendingSignals = new ArrayDeque<>();
    final Map<Integer, FakeProcess> processes = new LinkedHashMap<>();
    final List<Reaped> exited = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    int nextPid = 100;
    /** The configurations whose code the arbiter last said it may still spawn workers from. */
    List<io.jarbiter.conf.Config> retainedCode = List.of();
    /** When true, a TERM/QUIT/KILL makes the fake process exit at once. */
    boolean obeySignals = true;

    final class FakeProcess implements WorkerSpawner.Heartbeat {
        final int pid;
        final WorkerSpec spec;
        long ctime = wall();
        final List<Integer> signals = new ArrayList<>();
        boolean closed;

        FakeProcess(int pid, WorkerSpec spec) {
            this.pid = pid;
            this.spec = spec;
        }

        void beat() {
            ctime = wall() + 1;
        }

        void exit(int code) {
            processes.remove(pid);
            exited.add(new Reaped(pid, code << 8));
        }

        void killedBy(int sig) {
            processes.remove(pid);
            exited.add(new Reaped(pid, sig));
        }

        @Override
        public long lastBeatNanos() {
            return ctime;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    long wall() {
        return wallOffset + now;
    }

    void advanceSeconds(double s) {
        now += (long) (s * 1e9);
    }

    final Clock clock = new Clock() {
        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public long wallNanos() {
            return wall();
        }
    };

    final SignalSource signals = new SignalSource() {
        @Override
        public void add(int signo) {
            pendingSignals.add(signo);
        }

        @Override
        public Integer next(long timeoutMillis) {
            Integer sig = pendingSignals.poll();
            if (sig == null) now += timeoutMillis * 1_000_000L;
            return sig;
        }
    };

    final WorkerSpawner spawner = new WorkerSpawner() {
        @Override
        public Spawned spawn(WorkerSpec spec) {
            FakeProcess p = new FakeProcess(nextPid++, spec);
            processes.put(p.pid, p);
            events.add("spawn " + p.pid + " gen " + spec.generation());
            return new Spawned(p.pid, p);
        }

        @Override
        public boolean kill(int pid, int sig) {
            FakeProcess p = processes.get(pid);
            if (p == null) return false;
            p.signals.add(sig);
            events.add(Signals.name(sig) + " " + pid);
            if (obeySignals && (sig == Signals.TERM || sig == Signals.QUIT)) p.exit(0);
            if (sig == Signals.KILL) p.killedBy(Signals.KILL);
            return true;
        }

        @Override
        public void retainCode(List<io.jarbiter.conf.Config> live) {
            retainedCode = List.copyOf(live);
        }

        @Override
        public List<Reaped> reap() {
            List<Reaped> r = new ArrayList<>(exited);
            exited.clear();
            return r;
        }
    };

    /** What the arbiter told the service manager, in order. */
    final List<String> notified = new java.util.ArrayList<>();
    final ArbiterContext.Notifier notifier = notified::add;

    final ArbiterContext.Binder binder = new ArbiterContext.Binder() {
        @Override
        public List<Listeners.Listener> bind(List<String> binds, int backlog) {
            List<Listeners.Listener> result = new ArrayList<>();
            for (String b : binds) result.add(new Listeners.Listener(b, 200 + result.size(), "http://" + b));
            events.add("bind " + binds);
            return result;
        }

        @Override
        public void close(List<Listeners.Listener> listeners) {
            if (!listeners.isEmpty()) events.add("close " + listeners.stream().map(Listeners.Listener::bind).toList());
        }
    };

    ArbiterContext context() {
        return new ArbiterContext(signals, spawner, clock, binder, c -> HookSet.empty(), ArbiterContext.Control.NONE, ArbiterContext.Upgrader.NONE, notifier, 42, "test");
    }

    List<FakeProcess> generation(int g) {
        return processes.values().stream().filter(p -> p.spec.generation() == g).toList();
    }

    void bootAll() {
        processes.values().forEach(FakeProcess::beat);
    }
}
