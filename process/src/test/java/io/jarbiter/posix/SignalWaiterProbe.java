package io.jarbiter.posix;

import io.jarbiter.process.WorkerContract;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link SignalWaiterTest} in a JVM spawned with the worker's signals blocked in every thread: waits
 * for USR1 sent to itself, closes the waiter, and prints what the sink received and whether the thread runs.
 */
public final class SignalWaiterProbe {
    public static void main(String[] args) throws InterruptedException, PosixException {
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch usr1 = new CountDownLatch(1);
        SignalWaiter waiter = SignalWaiter.start(WorkerContract.WORKER_SIGNALS, sig -> {
            received.add(Signals.name(sig));
            if (sig == Signals.USR1) usr1.countDown();
        }, "signals");
        Posix posix = Posix.get();
        posix.kill(posix.getpid(), Signals.USR1);
        boolean delivered = usr1.await(30, TimeUnit.SECONDS);
        waiter.close();
        System.out.println("delivered=" + delivered + " received=" + received + " waiting=" + waiter.waiting());
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
